import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { LocalRepo } from "../../support/git-repo.ts";
import { comment, jobViews, runs, seedRepository, until } from "./operate-fixture.ts";
import {
  type Cluster,
  type ShipmateProcess,
  startCluster,
  startProcess,
  stopCluster,
} from "./shipmate-process.ts";

const JOBS = 20;

let cluster: Cluster;
let repo: LocalRepo;
let out: string;
const started: ShipmateProcess[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  // Without a lock the twenty deploys may overlap, so both workers have work at once.
  ({ repo, out } = seedRepository(cluster, { pulls: JOBS, lock: false }));
  // Every deploy ends as soon as it starts.
  writeFileSync(join(out, "release-all"), "");
}, 30_000);

afterAll(async () => {
  for (const proc of started) proc.child.kill("SIGKILL");
  await stopCluster(cluster);
  repo?.remove();
  if (out) rmSync(out, { recursive: true, force: true });
});

test("one web process and two worker processes on one Redis run twenty deploys, each exactly once", async () => {
  const worker = (name: string) =>
    startProcess("worker", cluster, {
      WORKER_CONCURRENCY: "2",
      TASK_ENV: "TEST_OUT,TEST_WORKER",
      TEST_OUT: out,
      TEST_WORKER: name,
    });
  const processes = await Promise.all([startProcess("web", cluster), worker("w1"), worker("w2")]);
  started.push(...processes);
  const [web] = processes;
  if (!web) throw new Error("no web process");

  const sent = performance.now();
  const answers = await Promise.all(
    Array.from({ length: JOBS }, (_, i) =>
      comment(web.url, repo, { body: "/deploy staging", pr: i + 1, commentId: 9500 + i }),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(JOBS).fill(202));

  const views = jobViews(cluster);
  try {
    const states = await until(
      async () => {
        const all = await Promise.all(
          Array.from({ length: JOBS }, async (_, i) => (await views.load(`task-${9500 + i}-1`))?.state),
        );
        return all.every((s) => s !== undefined && !["queued", "running"].includes(s)) ? all : undefined;
      },
      60_000,
      "twenty deploys to end",
    );
    const tookMs = performance.now() - sent;
    expect(states).toEqual(Array(JOBS).fill("succeeded"));
    const done = runs(out);
    expect(done.map((run) => run.pr).sort((a, b) => a - b)).toEqual(
      Array.from({ length: JOBS }, (_, i) => i + 1),
    );
    const byWorker = Object.groupBy(done, (run) => run.worker);
    console.info(
      `${JOBS} deploys in ${Math.round(tookMs)} ms: w1 ran ${byWorker.w1?.length ?? 0}, w2 ran ${byWorker.w2?.length ?? 0}`,
    );
    expect(Object.keys(byWorker).sort()).toEqual(["w1", "w2"]);
  } finally {
    views.close();
  }
  // Give a wrongful second run the time to show up before counting again.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(runs(out)).toHaveLength(JOBS);
}, 120_000);
