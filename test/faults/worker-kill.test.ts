import { afterAll, beforeAll, expect, test } from "vitest";
import { EnvironmentLines } from "../../src/locks/environment-line.ts";
import { isRunning } from "../integration/executors/process-helpers.ts";
import { comment, jobViews, readNumber, until } from "../integration/operate/operate-fixture.ts";
import {
  type Cluster,
  type ShipmateProcess,
  startCluster,
  startProcess,
  stopCluster,
} from "../integration/operate/shipmate-process.ts";
import { recordFigure } from "../support/figures.ts";
import type { LocalRepo } from "../support/git-repo.ts";
import { prComment } from "../support/harness.ts";
import { eventually, sleep } from "../support/pr-thread.ts";
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
import { deploymentStatesOf, finalStates, statusCommentOf } from "./support/redis-fault-thread.ts";

const TASK_LOCK_MS = 2_000;
// Pull requests 2..4 wait in staging's line behind the deploy of #1 when its worker dies.
const WAITING = [2, 3, 4];
const taskOf = (pr: number) => `task-${7000 + pr}-1`;

let redis: OwnedRedis;
let cluster: Cluster;
let seeded: { repo: LocalRepo; out: string };
const started: ShipmateProcess[] = [];

beforeAll(async () => {
  redis = await startOwnedRedis();
  cluster = await startCluster(redis.url);
  seeded = seedMarkedDeploys(cluster, 1 + WAITING.length);
}, 30_000);

afterAll(async () => {
  for (const proc of started) proc.child.kill("SIGKILL");
  releaseHeldDeploys(seeded.out);
  await stopCluster(cluster);
  await redis.stop();
  removeMarkedDeploys(seeded);
});

test("kill -9 of the worker running a deploy: interrupted within a lease, the line moves on, each deploy runs once", async (context) => {
  const { repo, out } = seeded;
  const worker = (name: string) =>
    startProcess("worker", cluster, {
      TASK_LOCK_MS: String(TASK_LOCK_MS),
      TASK_ENV: "TEST_OUT,TEST_WORKER",
      TEST_OUT: out,
      TEST_WORKER: name,
    });
  const processes = await Promise.all([startProcess("web", cluster), worker("w1"), worker("w2")]);
  started.push(...processes);
  const [web, w1, w2] = processes;
  if (!web || !w1 || !w2) throw new Error("a process did not start");

  const post = (pr: number, body: string) => comment(web.url, repo, { body, pr, commentId: 7000 + pr });
  // Long enough that, left alone, it would still be running when the next deploy starts.
  expect((await post(1, "/deploy staging hold=20")).status).toBe(202);
  const first = await explained(
    eventually(() => readMarks(out).find((mark) => mark.pr === 1), 30_000, "the first deploy to start"),
    { web, w1, w2 },
  );
  const taskPid = await eventually(() => readNumber(out, "task-1.pid"), 10_000, "the first deploy's pid");
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
    const lines = new EnvironmentLines(redis.client(), cluster.prefix);
    const repositoryId = (prComment({ body: "" }).repository as unknown as { id: number }).id;
    const staging = { repositoryId, environment: "staging" };
    expect(await lines.holder(staging)).toBe(taskOf(1));

    const [doomed, survivor] = first.worker === "w1" ? [w1, w2] : [w2, w1];
    const survivorName = first.worker === "w1" ? "w2" : "w1";
    doomed.child.kill("SIGKILL");
    const killedAt = Date.now();
    const [interruptedAt, leaseFreeAt, taskStoppedAt] = await explained(
      Promise.all([
        eventually(
          () =>
            /interrupted/i.test(statusCommentOf(cluster.github, taskOf(1)) ?? "") ? Date.now() : undefined,
          20_000,
          "the interrupted report",
        ),
        until(
          async () => ((await lines.holder(staging)) === taskOf(1) ? undefined : Date.now()),
          20_000,
          "the lease to be free",
        ),
        eventually(
          () => (isRunning(taskPid) ? undefined : Date.now()),
          10_000,
          "the dead worker's task to stop",
        ),
      ]),
      { web, [survivorName]: survivor },
    );
    recordFigure(context, "TASK_LOCK_MS", TASK_LOCK_MS);
    recordFigure(context, "kill → interrupted reported (ms)", interruptedAt - killedAt);
    recordFigure(context, "kill → lease free (ms)", leaseFreeAt - killedAt);
    recordFigure(context, "kill → dead worker's task stopped (ms)", taskStoppedAt - killedAt);
    expect(await doomed.exited).toBe(137);
    expect(interruptedAt - killedAt).toBeLessThanOrEqual(TASK_LOCK_MS);
    expect(leaseFreeAt - killedAt).toBeLessThanOrEqual(TASK_LOCK_MS);

    const ids = [1, ...WAITING].map(taskOf);
    const states = await finalStates(views, ids, 30_000);
    expect(states).toEqual(
      Object.fromEntries(ids.map((id) => [id, id === taskOf(1) ? "interrupted" : "succeeded"])),
    );
    expect(statusCommentOf(cluster.github, taskOf(1))).toContain("does not re-run");
    // A later success turns an earlier one `inactive`, as on GitHub; each had its own end.
    const deploymentEnded = (pr: number, state: string) =>
      eventually(
        () => deploymentStatesOf(cluster.github, taskOf(pr)).includes(state) || undefined,
        10_000,
        `the Deployment of #${pr} to be ${state}`,
      );
    await deploymentEnded(1, "error");
    for (const pr of WAITING) await deploymentEnded(pr, "success");

    // Give a wrongful second run the time of a lease to show up before counting.
    await sleep(TASK_LOCK_MS);
    const marks = readMarks(out);
    // #1 never ends: it was stopped with its worker, before #2 started.
    expect(markSequence(marks)).toEqual([
      "start 1",
      ...WAITING.flatMap((pr) => [`start ${pr}`, `end ${pr}`]),
    ]);
    expect(marks.filter((mark) => mark.pr !== 1).every((mark) => mark.worker === survivorName)).toBe(true);
    const nextStartedAt = marks.find((mark) => mark.pr === WAITING[0])?.at ?? Number.NaN;
    recordFigure(context, "kill → next deploy started (ms)", nextStartedAt - killedAt);
    recordFigure(context, "runs per PR", [...startsPerPr(marks)].map(([pr, n]) => `#${pr}: ${n}`).join(", "));
  } finally {
    views.close();
  }
}, 60_000);
