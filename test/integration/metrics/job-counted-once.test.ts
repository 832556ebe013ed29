import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { Registry } from "prom-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { JobView } from "../../../src/jobs/job-view.ts";
import { BoundedLabel } from "../../../src/metrics/bounded-label.ts";
import { defineMetrics } from "../../../src/metrics/definitions.ts";
import { jobMetrics } from "../../../src/metrics/job-metrics.ts";
import { JobRecords } from "../../../src/queue/job-records.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { REDIS_URL } from "../../support/harness.ts";
import { jobView } from "../../support/job-view-fixture.ts";
import { sleep } from "../../support/pr-thread.ts";
import { parseExposition, sampleValue } from "./scrape.ts";

// Two processes' observers on one Redis: every report of a finished job shows it to them, and the job
// must be counted once in all. The commit lookup answers as GitHub would for a commit made at t = 7s.
const COMMITTED_AT = 7_000;

let redis: Redis;
let records: JobRecords;
const prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
const lookups: string[] = [];

beforeAll(() => {
  redis = new Redis(REDIS_URL);
  records = new JobRecords(redis, prefix);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function observerProcess(environmentLimit = 10) {
  const registry = new Registry();
  const observe = jobMetrics({
    redis,
    records,
    github: async () => ({
      commitTime: async (_repo, sha) => {
        lookups.push(sha);
        return COMMITTED_AT;
      },
    }),
    series: defineMetrics(registry),
    environments: new BoundedLabel(environmentLimit),
    log: createLogger("silent", []),
  });
  const value = async (name: string, labels: Record<string, string> = {}) =>
    sampleValue(parseExposition(await registry.metrics()), name, labels) ?? 0;
  return { observe, value };
}

async function recorded(overrides: Partial<JobView>) {
  const view = jobView({ id: `task-${randomUUID().slice(0, 8)}-1`, ...overrides });
  await records.create(view, {
    installationId: 1,
    owner: "acme",
    repo: "web",
    pullRequest: 42,
    commentId: 1,
    deploymentId: undefined,
  });
  const record = await records.load(view.id);
  if (!record) throw new Error("no record");
  return record;
}

const staging = { task: "deploy", environment: "staging", state: "succeeded" };

test("a finished job shown to two processes, twice each, is counted once, with its times", async () => {
  const [a, b] = [observerProcess(), observerProcess()];
  const record = await recorded({ queuedAt: 1_000, startedAt: 2_000, finishedAt: 67_000 });
  lookups.length = 0;
  for (const observer of [a, b, a, b]) observer.observe(record);
  const total = async () =>
    (await a.value("shipmate_jobs_total", staging)) + (await b.value("shipmate_jobs_total", staging));
  await until(async () => (await total()) === 1, "the job to be counted");
  await sleep(100);
  expect(await total()).toBe(1);
  const counted = (await a.value("shipmate_jobs_total", staging)) === 1 ? a : b;
  expect(await counted.value("shipmate_job_duration_seconds_sum", staging)).toBe(65);
  expect(
    await counted.value("shipmate_job_queue_wait_seconds_sum", { task: "deploy", environment: "staging" }),
  ).toBe(1);
  await until(
    async () => (await counted.value("shipmate_deploy_lead_time_seconds_count")) === 1,
    "the lead time",
  );
  expect(await counted.value("shipmate_deploy_lead_time_seconds_sum", { environment: "staging" })).toBe(60);
  expect(lookups).toEqual([record.view.sha]);
});

test.each([
  ["a job still running", { state: "running", finishedAt: undefined }],
  ["a dry run", { dryRun: true }],
] as const)("%s is not counted", async (_, overrides) => {
  const observer = observerProcess();
  observer.observe(await recorded(overrides));
  await sleep(200);
  expect(await observer.value("shipmate_jobs_total")).toBe(0);
});

test("a job seen running and then finished is counted when it finishes", async () => {
  const observer = observerProcess();
  const record = await recorded({ state: "running", finishedAt: undefined });
  observer.observe(record);
  await sleep(100);
  observer.observe({ ...record, view: { ...record.view, state: "failed", finishedAt: 5_000 } });
  const failed = { task: "deploy", environment: "staging", state: "failed" };
  await until(async () => (await observer.value("shipmate_jobs_total", failed)) === 1, "the failure");
});

test("a rollback and a failed deploy are counted without a commit lookup", async () => {
  const observer = observerProcess();
  lookups.length = 0;
  observer.observe(await recorded({ rollback: { fromSha: "f".repeat(40) } }));
  observer.observe(await recorded({ state: "failed" }));
  await until(async () => (await observer.value("shipmate_jobs_total", staging)) === 1, "the rollback");
  await until(
    async () => (await observer.value("shipmate_jobs_total", { state: "failed" })) === 1,
    "the failure",
  );
  await sleep(100);
  expect(lookups).toEqual([]);
  expect(await observer.value("shipmate_deploy_lead_time_seconds_count")).toBe(0);
});

test("environment names past the limit share the label other", async () => {
  const observer = observerProcess(1);
  observer.observe(await recorded({ environment: "staging" }));
  observer.observe(await recorded({ environment: "pr-1" }));
  observer.observe(await recorded({ environment: "pr-2" }));
  await until(
    async () => (await observer.value("shipmate_jobs_total", { environment: "other" })) === 2,
    "two jobs under other",
  );
  expect(await observer.value("shipmate_jobs_total", { environment: "staging" })).toBe(1);
});

/** Waits until `check` holds; fails naming `what` after 5 s. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
