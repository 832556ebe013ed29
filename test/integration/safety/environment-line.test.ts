import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { EnvironmentLines } from "../../../src/locks/environment-line.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { prComment, type Running, startShipmate } from "../../support/harness.ts";
import { post } from "../../support/job-thread.ts";
import { eventually, sleep, statusComment } from "../../support/pr-thread.ts";

// Each run writes when it starts and ends (ns), so the test can see whether two ever overlapped.
const CONFIG = `environments:
  staging:
    deploy: 'echo "start $SHIPMATE_PR $(date +%s%N)" >> "$TEST_DEPLOY_OUT/runs"; sleep 0.2; echo "end $SHIPMATE_PR $(date +%s%N)" >> "$TEST_DEPLOY_OUT/runs"'
  preview:
    deploy: 'echo "start $SHIPMATE_PR $(date +%s%N)" >> "$TEST_DEPLOY_OUT/previews"; sleep 0.5; echo "end $SHIPMATE_PR $(date +%s%N)" >> "$TEST_DEPLOY_OUT/previews"'
    lock: false
`;

const PULLS = Array.from({ length: 10 }, (_, i) => 20 + i);
let first: Running;
let second: Running;
let repo: LocalRepo;
const out = mkdtempSync(join(tmpdir(), "shipmate-line-"));

beforeAll(async () => {
  repo = createLocalRepo();
  const sha = repo.commit({ README: "x\n" }, "first");
  const env = {
    TASK_ENV: "TEST_DEPLOY_OUT",
    TEST_DEPLOY_OUT: out,
    TASK_LOCK_MS: "2000",
    WORKER_CONCURRENCY: "4",
  };
  first = await startShipmate(env);
  second = await startShipmate(
    { ...env, ROLE: "worker", SHIPMATE_REDIS_PREFIX: first.prefix },
    { github: first.github, githubHost: first.githubHost },
  );
  first.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: Object.fromEntries(PULLS.map((pr) => [`dev${pr}`, "write"])),
    pulls: PULLS.map((number) => ({ number, headSha: sha, headRef: `feature/${number}` })),
  });
});

afterAll(async () => {
  await second?.stop();
  await first?.stop();
  repo?.remove();
  rmSync(out, { recursive: true, force: true });
});

interface Run {
  pr: number;
  start: bigint;
  end: bigint;
}

function readRuns(file: string): Run[] {
  const lines = readFileSync(join(out, file), "utf8").trim().split("\n");
  const runs = new Map<number, Partial<Run>>();
  for (const line of lines) {
    const [what, pr, at] = line.split(" ");
    const run = runs.get(Number(pr)) ?? { pr: Number(pr) };
    if (what === "start") run.start = BigInt(at ?? "0");
    else run.end = BigInt(at ?? "0");
    runs.set(Number(pr), run);
  }
  return [...runs.values()] as Run[];
}

function finished(id: string): boolean {
  return /Deployed/.test(statusComment(first, id) ?? "");
}

test("ten deploys sent at once to one environment across two workers run one at a time, each once", async () => {
  for (const pr of PULLS) {
    await post(first, repo.cloneUrl, {
      login: `dev${pr}`,
      pr,
      commentId: 7000 + pr,
      body: "/deploy staging",
    });
  }
  const ids = PULLS.map((pr) => `task-${7000 + pr}-1`);
  // While the first runs, those behind it are told their place.
  await eventually(
    () => ids.some((id) => /in line for \*\*staging\*\*/.test(statusComment(first, id) ?? "")) || undefined,
    20_000,
    "a place in line",
  );
  await eventually(() => ids.every(finished) || undefined, 60_000, "all ten deploys");

  const runs = readRuns("runs").sort((a, b) => (a.start < b.start ? -1 : 1));
  expect(runs.map((run) => run.pr).sort()).toEqual(PULLS);
  expect(readFileSync(join(out, "runs"), "utf8").trim().split("\n")).toHaveLength(20);
  for (const [i, run] of runs.entries()) {
    const next = runs[i + 1];
    if (next) expect(next.start > run.end, `PR ${next.pr} started before PR ${run.pr} ended`).toBe(true);
  }
}, 90_000);

test("jobs run in the order they joined the line", async () => {
  const lines = new EnvironmentLines(first.redis, first.prefix);
  const key = { repositoryId: repositoryId(), environment: "staging" };
  const order = [...PULLS].reverse().slice(0, 5);
  for (const pr of order) {
    const id = `task-${7200 + pr}-1`;
    await post(first, repo.cloneUrl, {
      login: `dev${pr}`,
      pr,
      commentId: 7200 + pr,
      body: "/deploy staging",
    });
    // The next command is sent only once this one has its place, so the order is known.
    const deadline = Date.now() + 20_000;
    while (!((await lines.waiting(key)).includes(id) || (await lines.holder(key)) === id || finished(id))) {
      if (Date.now() > deadline) throw new Error(`${id} never joined the line`);
      await sleep(10);
    }
  }
  const ids = order.map((pr) => `task-${7200 + pr}-1`);
  await eventually(() => ids.every(finished) || undefined, 60_000, "five deploys");
  const started = readRuns("runs")
    .filter((run) => order.includes(run.pr))
    .sort((a, b) => (a.start < b.start ? -1 : 1));
  expect(started.map((run) => run.pr)).toEqual(order);
}, 90_000);

test("an environment with `lock: false` lets jobs overlap", async () => {
  for (const pr of PULLS.slice(0, 3)) {
    await post(first, repo.cloneUrl, {
      login: `dev${pr}`,
      pr,
      commentId: 7100 + pr,
      body: "/deploy preview",
    });
  }
  const ids = PULLS.slice(0, 3).map((pr) => `task-${7100 + pr}-1`);
  await eventually(() => ids.every(finished) || undefined, 30_000, "three previews");
  const runs = readRuns("previews").sort((a, b) => (a.start < b.start ? -1 : 1));
  const [a, b] = runs;
  expect(a && b && b.start < a.end).toBe(true);
}, 60_000);

/** The id GitHub's example payload gives the repository every comment here is on. */
function repositoryId(): number {
  return (prComment({ body: "" }).repository as unknown as { id: number }).id;
}
