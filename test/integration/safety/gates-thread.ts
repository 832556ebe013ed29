import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { JobView } from "../../../src/jobs/job-view.ts";
import type { FakePullRequest, FakeRepo } from "../../support/fake-github.ts";
import { fixture, prComment, type Running, sendWebhook } from "../../support/harness.ts";
import { eventually } from "../../support/pr-thread.ts";

/** A comment someone writes on a pull request. */
export interface Said {
  login: string;
  pr: number;
  commentId: number;
  body: string;
}

/** Sends the comment as GitHub would deliver it; the worker fetches tasks from `cloneUrl`. */
export async function post(app: Running, cloneUrl: string, said: Said): Promise<void> {
  const payload = prComment({ ...said, pullRequest: said.pr, cloneUrl });
  expect((await sendWebhook(app.url, "issue_comment", payload)).status).toBe(202);
}

/** Sends the comment and returns Shipmate's one reply to it: the next new comment addressed to its author. */
export async function ask(app: Running, cloneUrl: string, said: Said): Promise<string> {
  const before = new Set(app.github.comments.keys());
  await post(app, cloneUrl, said);
  const reply = await eventually(
    () =>
      [...app.github.comments.values()].find(
        (c) => !before.has(c.id) && c.issue === said.pr && c.body.startsWith(`@${said.login}\n`),
      ),
    15_000,
    `the reply to ${JSON.stringify(said.body)} by @${said.login}`,
  );
  return readable(reply.body);
}

/** Markdown as a reader sees it: escapes and the joiners that keep names from pinging anyone removed. */
export function readable(markdown: string): string {
  return markdown.replaceAll("\u200d", "").replace(/\\([\\`*_{}[\]<>#!~&$])/g, "$1");
}

/** The job's view as Shipmate keeps it in Redis. */
export async function jobView(app: Running, id: string): Promise<JobView | undefined> {
  const raw = await app.redis.hget(`${app.prefix}:job:${id}`, "view");
  return raw === null ? undefined : (JSON.parse(raw) as JobView);
}

/** The states the fake GitHub holds for the job's Deployment, oldest first; undefined when it has none. */
export async function deploymentStates(app: Running, id: string): Promise<string[] | undefined> {
  const raw = await app.redis.hget(`${app.prefix}:job:${id}`, "targets");
  const deploymentId = (JSON.parse(raw ?? "{}") as { deploymentId?: number }).deploymentId;
  if (deploymentId === undefined) return undefined;
  const deployment = app.github.deploymentsOf("acme", "shop").find((d) => d.id === deploymentId);
  return deployment?.statuses.map((status) => status.state);
}

/** Waits until the job's Deployment's latest status is `state`; returns every state it had. */
export async function waitForDeploymentState(app: Running, id: string, state: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const states = await deploymentStates(app, id);
    if (states?.at(-1) === state) return states;
    if (Date.now() > deadline) throw new Error(`deployment of ${id} never ${state}; it had ${states}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
