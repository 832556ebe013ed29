import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { FakePullRequest, FakeRepo } from "../../support/fake-github.ts";
import { fixture, type Running, sendWebhook } from "../../support/harness.ts";

/** Lines the tasks wrote for environment `env` and pull request `pr`. */
export function runsOf(out: string, env: string, pr: number): string[] {
  const file = join(out, "runs");
  const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
  return lines.filter((line) => line.startsWith(`${env} pr=${pr} `));
}

function fakeRepo(app: Running): FakeRepo {
  const repo = app.github.repos.get("acme/shop");
  if (repo === undefined) throw new Error("acme/shop is not seeded");
  return repo;
}

/** The fake pull request, to change what GitHub says about it. */
export function pullRequest(app: Running, number: number): FakePullRequest {
  const pr = fakeRepo(app).pulls?.find((p) => p.number === number);
  if (pr === undefined) throw new Error(`no pull request #${number}`);
  return pr;
}

/** Sets what the fake GitHub answers for the commit's check runs. */
export function setCheckRuns(
  app: Running,
  sha: string,
  runs: NonNullable<FakeRepo["checkRuns"]>[string],
): void {
  const repo = fakeRepo(app);
  repo.checkRuns = { ...repo.checkRuns, [sha]: runs };
}

/** Sets the pull request's reviews, oldest first. */
export function setReviews(
  app: Running,
  number: number,
  reviews: NonNullable<FakeRepo["reviews"]>[number],
): void {
  const repo = fakeRepo(app);
  repo.reviews = { ...repo.reviews, [number]: reviews };
}

/** A push to the pull request: GitHub's head moves, and the `synchronize` webhook says so. */
export async function pushTo(app: Running, number: number, sha: string): Promise<void> {
  pullRequest(app, number).headSha = sha;
  const sync = fixture<{
    number: number;
    after: string;
    pull_request: { number: number; head: { sha: string } };
  }>("pull_request.synchronize");
  sync.number = number;
  sync.after = sha;
  sync.pull_request.number = number;
  sync.pull_request.head.sha = sha;
  expect((await sendWebhook(app.url, "pull_request", sync)).status).toBe(200);
}
