import { afterAll, beforeAll, expect, test } from "vitest";
import { comment, jobViews, until } from "../integration/operate/operate-fixture.ts";
import {
  type Cluster,
  type ShipmateProcess,
  startCluster,
  startProcess,
  stopCluster,
  untilStatus,
} from "../integration/operate/shipmate-process.ts";
import { recordFigure } from "../support/figures.ts";
import type { LocalRepo } from "../support/git-repo.ts";
import { eventually } from "../support/pr-thread.ts";
import { intakeReader } from "./support/redis-fault-intake.ts";
import { explained } from "./support/redis-fault-logs.ts";
import {
  markSequence,
  readMarks,
  releaseHeldDeploys,
  removeMarkedDeploys,
  seedMarkedDeploys,
  startsPerPr,
} from "./support/redis-fault-marks.ts";
import { type OwnedRedis, startOwnedRedis } from "./support/redis-fault-server.ts";
import { finalStates } from "./support/redis-fault-thread.ts";

// Long enough that the outage costs the running deploy neither its queue lock nor its lease.
const TASK_LOCK_MS = 10_000;
// #1 runs, #2..#6 wait in staging's line, #7..#12 are accepted just before the crash.
const WAITING = [2, 3, 4, 5, 6];
const JUST_ACCEPTED = [7, 8, 9, 10, 11, 12];
const ALL = [1, ...WAITING, ...JUST_ACCEPTED];
const commentOf = (pr: number) => 8000 + pr;
const taskOf = (pr: number) => `task-${commentOf(pr)}-1`;

let redis: OwnedRedis;
let cluster: Cluster;
let seeded: { repo: LocalRepo; out: string };
const started: ShipmateProcess[] = [];

beforeAll(async () => {
  // As Shipmate ships it: append-only file, fsync once a second. Redis writes each change to the file
  // before it answers, and what a killed process wrote stays with the kernel, so nothing answered may go
  // missing here. `appendfsync always` would also keep the last second through a host crash (power
  // loss), which one machine cannot stage.
  redis = await startOwnedRedis();
  cluster = await startCluster(redis.url);
  seeded = seedMarkedDeploys(cluster, ALL.length);
}, 30_000);

afterAll(async () => {
  for (const proc of started) proc.child.kill("SIGKILL");
  releaseHeldDeploys(seeded.out);
  await stopCluster(cluster);
  await redis.stop();
  removeMarkedDeploys(seeded);
});

test("Redis killed and restarted with one deploy running and eleven waiting: none lost, none run twice", async (context) => {
  const { repo, out } = seeded;
  const processes = await Promise.all([
    startProcess("web", cluster),
    startProcess("worker", cluster, {
      TASK_LOCK_MS: String(TASK_LOCK_MS),
      TASK_ENV: "TEST_OUT",
      TEST_OUT: out,
    }),
  ]);
  started.push(...processes);
  const [web, worker] = processes;
  if (!web || !worker) throw new Error("a process did not start");
  const post = (pr: number, body: string) => comment(web.url, repo, { body, pr, commentId: commentOf(pr) });

  expect((await post(1, "/deploy staging hold=30")).status).toBe(202);
  const logs = { web, worker };
  await explained(
    eventually(() => readMarks(out).find((mark) => mark.pr === 1), 30_000, "the first deploy to start"),
    logs,
  );
  const views = jobViews(cluster);
  try {
    for (const pr of WAITING) {
      expect((await post(pr, "/deploy staging")).status).toBe(202);
      await until(
        async () => ((await views.load(taskOf(pr)))?.line === undefined ? undefined : true),
        15_000,
        `#${pr} to wait in line`,
      );
    }
    // A GitHub as slow as the real one, so that the intake of these is under way when Redis dies.
    cluster.github.latencyMs = 150;
    const accepted = await Promise.all(JUST_ACCEPTED.map((pr) => post(pr, "/deploy staging")));
    expect(accepted.map((answer) => answer.status)).toEqual(JUST_ACCEPTED.map(() => 202));
    await redis.crash();
    recordFigure(context, "Redis", "appendonly yes, appendfsync everysec, killed with SIGKILL");
    recordFigure(
      context,
      "jobs before the crash",
      `${ALL.length} (1 running, ${WAITING.length} in line, ${JUST_ACCEPTED.length} just accepted)`,
    );

    const restartedAt = performance.now();
    await redis.restart();
    cluster.github.latencyMs = 0;
    await Promise.all([web, worker].map((proc) => untilStatus(proc.url, 200, 15_000)));
    recordFigure(context, "restart → /readyz 200 on web and worker (ms)", performance.now() - restartedAt);
    const intake = intakeReader(redis.client(), cluster.prefix);
    const deliveries = await Promise.all(ALL.map((pr) => intake.deliveryOf(commentOf(pr))));
    await intake.close();
    const lost = ALL.filter((_, i) => deliveries[i] === undefined);
    recordFigure(context, "accepted deliveries without a job after the restart", lost.length);
    expect(lost).toEqual([]);

    releaseHeldDeploys(out);
    const states = await explained(finalStates(views, ALL.map(taskOf), 30_000), logs);
    const finishedMs = performance.now() - restartedAt;
    const marks = readMarks(out);
    const runs = startsPerPr(marks);
    const order = marks.filter((mark) => mark.kind === "start").map((mark) => mark.pr);
    recordFigure(
      context,
      "jobs finished after",
      Object.values(states).filter((s) => s === "succeeded").length,
    );
    recordFigure(context, "lost", ALL.filter((pr) => !runs.has(pr)).length);
    recordFigure(context, "duplicates", [...runs.values()].filter((n) => n > 1).length);
    recordFigure(context, "restart → every deploy finished (ms)", finishedMs);

    expect(states).toEqual(Object.fromEntries(ALL.map((pr) => [taskOf(pr), "succeeded"])));
    // One after another, each once: every start followed by its own end before the next start.
    expect(markSequence(marks)).toEqual(order.flatMap((pr) => [`start ${pr}`, `end ${pr}`]));
    expect([...order].sort((a, b) => a - b)).toEqual(ALL);
    expect(order.slice(0, 1 + WAITING.length)).toEqual([1, ...WAITING]);
  } finally {
    views.close();
  }
}, 60_000);
