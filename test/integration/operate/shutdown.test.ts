import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { LocalRepo } from "../../support/git-repo.ts";
import { eventually } from "../../support/pr-thread.ts";
import { isRunning } from "../executors/process-helpers.ts";
import { auditEvents, comment, jobViews, readNumber, seedRepository } from "./operate-fixture.ts";
import {
  type Cluster,
  type ShipmateProcess,
  startCluster,
  startProcess,
  stopCluster,
  untilStatus,
} from "./shipmate-process.ts";

let cluster: Cluster;
let repo: LocalRepo;
let out: string;
const started: ShipmateProcess[] = [];
const taskPids: number[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  ({ repo, out } = seedRepository(cluster, { pulls: 3 }));
});

afterEach(() => {
  for (const proc of started.splice(0)) proc.child.kill("SIGKILL");
  for (const pid of taskPids.splice(0)) if (isRunning(pid)) process.kill(-pid, "SIGKILL");
});

afterAll(async () => {
  await stopCluster(cluster);
  repo.remove();
  rmSync(out, { recursive: true, force: true });
});

async function startAll(grace: string): Promise<ShipmateProcess> {
  const proc = await startProcess("all", cluster, {
    SHUTDOWN_GRACE: grace,
    TASK_ENV: "TEST_OUT",
    TEST_OUT: out,
  });
  started.push(proc);
  return proc;
}

/** Comments `/deploy staging` on `pr` and waits until its task runs; resolves with the task's two pids. */
async function runningDeploy(proc: ShipmateProcess, pr: number, commentId: number) {
  expect((await comment(proc.url, repo, { body: "/deploy staging", pr, commentId })).status).toBe(202);
  const task = await eventually(() => readNumber(out, `task-${pr}.pid`), 30_000, "the task's pid");
  const child = await eventually(() => readNumber(out, `child-${pr}.pid`), 5_000, "the child's pid");
  taskPids.push(task);
  return { task, child };
}

describe("stopping a Shipmate process", () => {
  test("SIGTERM: readiness 503 at once, the task stopped after SHUTDOWN_GRACE and reported interrupted, exit 0", async () => {
    const proc = await startAll("1s");
    const pids = await runningDeploy(proc, 1, 7101);

    const signalled = performance.now();
    proc.child.kill("SIGTERM");
    expect(await untilStatus(proc.url, 503, 2_000)).toBe("not ready: Shipmate is shutting down");
    const notReadyMs = performance.now() - signalled;
    const late = await comment(proc.url, repo, { body: "/deploy staging", pr: 2, commentId: 7102 });
    expect(late.status).toBe(503);
    expect(await proc.exited).toBe(0);
    const exitMs = performance.now() - signalled;
    console.info(
      `SIGTERM → /readyz 503 in ${Math.round(notReadyMs)} ms, → exit 0 in ${Math.round(exitMs)} ms`,
    );

    expect(notReadyMs).toBeLessThan(500);
    // The grace was given in full, and the stop took the task's SIGTERM-to-SIGKILL time at most beyond it.
    expect(exitMs).toBeGreaterThanOrEqual(1_000);
    expect(exitMs).toBeLessThan(1_000 + 8_000);
    expect(isRunning(pids.task)).toBe(false);
    expect(isRunning(pids.child)).toBe(false);

    const views = jobViews(cluster);
    try {
      const view = await views.load("task-7101-1");
      expect(view?.state).toBe("interrupted");
      expect(view?.problem).toContain("shut down before the task finished");
      expect(await views.load("task-7102-1")).toBeUndefined();
    } finally {
      views.close();
    }
    const ends = auditEvents(cluster, ["--repo", "acme/shop"]).filter((e) => e.job === "task-7101-1");
    expect(ends.map((e) => [e.action, e.outcome])).toEqual([
      ["command", "queued"],
      ["job-end", "interrupted"],
    ]);

    // The next worker to start delivers the report the stopped one left queued.
    const next = await startProcess("worker", cluster, { TASK_ENV: "TEST_OUT", TEST_OUT: out });
    started.push(next);
    await eventually(
      () =>
        [...cluster.github.comments.values()].find(
          (c) => c.body.includes("shipmate:job:task-7101-1") && /interrupted/i.test(c.body),
        ),
      15_000,
      "the interrupted status comment",
    );
  }, 60_000);

  test("a task that ends within the grace finishes as usual, and the process exits as soon as it has", async () => {
    const proc = await startAll("20s");
    await runningDeploy(proc, 2, 7201);

    const signalled = performance.now();
    proc.child.kill("SIGTERM");
    await untilStatus(proc.url, 503, 2_000);
    writeFileSync(join(out, "release-2"), "");
    expect(await proc.exited).toBe(0);
    const exitMs = performance.now() - signalled;
    expect(exitMs).toBeLessThan(10_000);

    const views = jobViews(cluster);
    try {
      expect((await views.load("task-7201-1"))?.state).toBe("succeeded");
    } finally {
      views.close();
    }
  }, 60_000);

  test("a second signal exits at once (128 + 15), stopping the task's process group on the way out", async () => {
    const proc = await startAll("60s");
    const pids = await runningDeploy(proc, 3, 7301);

    proc.child.kill("SIGTERM");
    await untilStatus(proc.url, 503, 2_000);
    const again = performance.now();
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(143);
    expect(performance.now() - again).toBeLessThan(2_000);
    expect(proc.output()).toContain("SIGTERM again: stopping the running tasks and exiting now");
    await eventually(() => (isRunning(pids.task) ? undefined : true), 5_000, "the task to stop");
    await eventually(() => (isRunning(pids.child) ? undefined : true), 5_000, "the task's child to stop");
  }, 60_000);
});
