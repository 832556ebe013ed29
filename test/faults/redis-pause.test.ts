import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  type Cluster,
  type ShipmateProcess,
  startCluster,
  startProcess,
  stopCluster,
} from "../integration/operate/shipmate-process.ts";
import { recordFigure } from "../support/figures.ts";
import {
  type Answered,
  type Delivery,
  deliveries,
  GITHUB_TIMEOUT_MS,
  percentile,
  sendBurst,
} from "./support/redis-fault-burst.ts";
import { type IntakeReader, intakeReader } from "./support/redis-fault-intake.ts";
import { type OwnedRedis, startOwnedRedis } from "./support/redis-fault-server.ts";

const PAUSE_MS = 5_000;
// Longer than GitHub waits for an answer.
const LONG_PAUSE_MS = 11_000;
// A sender that waits longer than GitHub does, to see how late a late answer is.
const PATIENCE_MS = 20_000;

let redis: OwnedRedis;
let cluster: Cluster;
let web: ShipmateProcess;
let admin: Redis;
let intake: IntakeReader;

beforeAll(async () => {
  redis = await startOwnedRedis();
  cluster = await startCluster(redis.url);
  // The web side alone: accepted comments stay in the intake queue, where the test counts them.
  web = await startProcess("web", cluster);
  admin = redis.client();
  intake = intakeReader(redis.client(), cluster.prefix);
}, 30_000);

afterAll(async () => {
  web?.child.kill("SIGKILL");
  await intake?.close();
  await stopCluster(cluster);
  await redis.stop();
});

const ok = (answer: Answered) => answer.status >= 200 && answer.status < 300;

/** Redelivers the deliveries that failed, as someone does from the App's settings; returns the statuses. */
async function redeliver(failed: readonly Delivery[]): Promise<number[]> {
  const again = await sendBurst(web.url, failed, { concurrency: 4, patienceMs: PATIENCE_MS });
  return again.map((answer) => answer.status);
}

/** Comments whose intake job is missing or holds another delivery's id. */
async function withoutTheirJob(list: readonly Delivery[]): Promise<number[]> {
  const found = await Promise.all(list.map((d) => intake.deliveryOf(d.commentId)));
  return list.filter((d, i) => found[i] !== d.deliveryId).map((d) => d.commentId);
}

test("CLIENT PAUSE 5000 WRITE in a burst of 200 deliveries: each one queued before its 2xx or answered 5xx", async (context) => {
  const before = await intake.count();
  const list = deliveries(200, 600_000);
  // Looked up the moment each 2xx arrives. A WRITE pause holds every write (BullMQ's scripts among them)
  // as ALL does, but still answers reads, so the test can look while the pause lasts.
  const acceptedWithoutJob: number[] = [];
  let pausedAt = Number.NaN;
  const answers = await sendBurst(web.url, list, {
    concurrency: 16,
    patienceMs: PATIENCE_MS,
    async onAnswer(answer) {
      if (ok(answer) && (await intake.deliveryOf(answer.commentId)) !== answer.deliveryId) {
        acceptedWithoutJob.push(answer.commentId);
      }
      // A fifth of the way in, with sixteen more on their way.
      if (list[40]?.commentId === answer.commentId) {
        pausedAt = performance.now();
        await admin.call("CLIENT", "PAUSE", String(PAUSE_MS), "WRITE");
      }
    },
  });
  expect(pausedAt).not.toBeNaN();
  const duringPause = answers.filter((a) => a.sentAt < pausedAt + PAUSE_MS && a.sentAt + a.ms > pausedAt);
  const failed = answers.filter((a) => a.status >= 500);
  recordFigure(context, "deliveries", answers.length);
  recordFigure(context, "answered 2xx", answers.filter(ok).length);
  recordFigure(context, "answered 5xx", failed.length);
  recordFigure(context, "2xx without a job", acceptedWithoutJob.length);
  recordFigure(context, "in flight during the pause", duringPause.length);
  const pausedMs = duringPause.map((a) => a.ms);
  recordFigure(context, "p99 during the pause (ms)", percentile(pausedMs, 99));
  recordFigure(context, "slowest answer (ms)", Math.max(...answers.map((a) => a.ms)));

  expect(answers.filter((a) => !ok(a) && a.status < 500)).toEqual([]);
  expect(acceptedWithoutJob).toEqual([]);
  // The pause did hold deliveries up, or this test proved nothing.
  expect(Math.max(...pausedMs)).toBeGreaterThan(PAUSE_MS / 2);
  expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(GITHUB_TIMEOUT_MS);

  const redelivered = await redeliver(failed);
  recordFigure(context, "5xx redelivered, answered 2xx", redelivered.filter((status) => status < 300).length);
  expect(redelivered).toEqual(failed.map(() => 202));
  expect(await withoutTheirJob(list)).toEqual([]);
  expect((await intake.count()) - before).toBe(list.length);
}, 60_000);

test("a pause longer than GitHub waits: 503 before GitHub gives up, and each redelivery queued once", async (context) => {
  const before = await intake.count();
  const list = deliveries(16, 700_000);
  await admin.call("CLIENT", "PAUSE", String(LONG_PAUSE_MS), "ALL");
  const answers = await sendBurst(web.url, list, { concurrency: 16, patienceMs: PATIENCE_MS });
  recordFigure(context, "deliveries", answers.length);
  recordFigure(context, "answered 5xx", answers.filter((a) => a.status >= 500).length);
  recordFigure(context, "slowest answer (ms)", Math.max(...answers.map((a) => a.ms)));

  expect(answers.map((a) => a.status)).toEqual(list.map(() => 503));
  expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(GITHUB_TIMEOUT_MS);
  // A new connection's PING is answered once the pause is over.
  await redis.client().ping();
  const redelivered = await redeliver(list);
  recordFigure(context, "5xx redelivered, answered 2xx", redelivered.filter((status) => status < 300).length);
  expect(redelivered).toEqual(list.map(() => 202));
  expect(await withoutTheirJob(list)).toEqual([]);
  expect((await intake.count()) - before).toBe(list.length);
}, 60_000);
