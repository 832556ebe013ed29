import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { isListening } from "../../../src/main/embedded-redis.ts";
import type { LocalRepo } from "../../support/git-repo.ts";
import { eventually } from "../../support/pr-thread.ts";
import { comment, jobViews, readNumber, runs, seedRepository, until } from "./operate-fixture.ts";
import {
  type Cluster,
  freePort,
  readyz,
  type ShipmateProcess,
  startCluster,
  startProcess,
  stopCluster,
  untilStatus,
} from "./shipmate-process.ts";

// A Redis of the test's own that it can crash and start again: the append-only file (fsync every second,
// as Redis ships it) is its only persistence, so what survives the crash is what that file kept.
const dataDir = mkdtempSync(join(tmpdir(), "shipmate-ops-redis-"));
let port: number;
let redisServer: ChildProcess | undefined;
let cluster: Cluster;
let repo: LocalRepo;
let out: string;
const started: ShipmateProcess[] = [];

async function startRedis(): Promise<void> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dataDir, "--appendonly", "yes"];
  redisServer = spawn("redis-server", [...args, "--save", "", "--maxmemory-policy", "noeviction"], {
    stdio: "ignore",
  });
  const deadline = Date.now() + 5_000;
  while (!(await isListening("127.0.0.1", port))) {
    if (Date.now() > deadline) throw new Error("the test's redis-server did not start");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Kills Redis the way a crash or an OOM kill would: no chance to write anything more. */
async function crashRedis(): Promise<void> {
  const server = redisServer;
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGKILL");
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  cluster = await startCluster(`redis://127.0.0.1:${port}`);
  ({ repo, out } = seedRepository(cluster, { pulls: 3 }));
}, 30_000);

afterAll(async () => {
  for (const proc of started) proc.child.kill("SIGKILL");
  await crashRedis();
  await stopCluster(cluster);
  writeFileSync(join(out, "release-all"), "");
  repo.remove();
  rmSync(out, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

test("while Redis is away: /readyz and webhooks answer 503; once it is back: 200, and every job runs once", async () => {
  const proc = await startProcess("all", cluster, { TASK_ENV: "TEST_OUT", TEST_OUT: out });
  started.push(proc);
  // One deploy running and one waiting behind it in staging's line when Redis goes away.
  expect((await comment(proc.url, repo, { body: "/deploy staging", pr: 1, commentId: 8101 })).status).toBe(
    202,
  );
  await eventually(() => readNumber(out, "task-1.pid"), 30_000, "the first deploy to run");
  expect((await comment(proc.url, repo, { body: "/deploy staging", pr: 2, commentId: 8102 })).status).toBe(
    202,
  );
  const views = jobViews(cluster);
  try {
    await until(
      async () => ((await views.load("task-8102-1"))?.line === undefined ? undefined : true),
      10_000,
      "the second deploy's place in line",
    );

    // Past the append-only file's once-a-second fsync of the queued job.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const stopping = performance.now();
    await crashRedis();
    const body = await untilStatus(proc.url, 503, 5_000);
    const notReadyMs = performance.now() - stopping;
    expect(body).toBe("not ready: Redis is not reachable");
    const refused = await comment(proc.url, repo, { body: "/deploy staging", pr: 3, commentId: 8103 });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");

    const restarting = performance.now();
    await startRedis();
    await untilStatus(proc.url, 200, 15_000);
    const readyAgainMs = performance.now() - restarting;
    console.info(
      `Redis killed → /readyz 503 in ${Math.round(notReadyMs)} ms; restarted → 200 in ${Math.round(readyAgainMs)} ms`,
    );
    // GitHub's redelivery of the refused comment, now that Redis is back.
    expect((await comment(proc.url, repo, { body: "/deploy staging", pr: 3, commentId: 8103 })).status).toBe(
      202,
    );

    writeFileSync(join(out, "release-all"), "");
    for (const id of ["task-8101-1", "task-8102-1", "task-8103-1"]) {
      const state = await until(
        async () => {
          const view = await views.load(id);
          return view && ["succeeded", "failed", "interrupted", "cancelled"].includes(view.state)
            ? view.state
            : undefined;
        },
        30_000,
        `${id} to end`,
      );
      expect(state, id).toBe("succeeded");
    }
    expect(
      runs(out)
        .map((run) => run.pr)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect((await readyz(proc.url)).status).toBe(200);
  } finally {
    views.close();
  }
}, 90_000);
