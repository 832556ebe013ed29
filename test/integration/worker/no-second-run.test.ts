import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, expect, test } from "vitest";
import { AuditTrail } from "../../../src/audit/audit-trail.ts";
import type { TaskJob } from "../../../src/jobs/task-job.schema.ts";
import { EnvironmentHolds } from "../../../src/locks/environment-holds.ts";
import { EnvironmentLines } from "../../../src/locks/environment-line.ts";
import { CancelRequests } from "../../../src/queue/cancel-requests.ts";
import { JobRecords } from "../../../src/queue/job-records.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { CancelWatch } from "../../../src/worker/cancel-watch.ts";
import { processTaskJob } from "../../../src/worker/process-task-job.ts";
import { REDIS_URL } from "../../support/harness.ts";
import { jobView } from "../../support/job-view-fixture.ts";

const redis = new Redis(REDIS_URL);
const prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
const log = createLogger("silent", []);
const tasks = new Queue("tasks", { connection: redis, prefix });
const cancels = new CancelRequests(redis, prefix);
const cancelWatch = new CancelWatch(redis.duplicate(), cancels, log);
afterAll(async () => {
  await tasks.close();
  await cancelWatch.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

test("a task job retried after its task started is reported interrupted, not run again", async () => {
  const records = new JobRecords(redis, prefix);
  await records.create(jobView({ id: "task-1-1", state: "running", finishedAt: undefined }), {
    installationId: 1,
    owner: "acme",
    repo: "shop",
    pullRequest: 7,
    commentId: 1,
    deploymentId: undefined,
  });
  const reported: [string, number, string | undefined][] = [];
  let githubAsked = 0;
  const task = { id: "task-1-1" } as TaskJob;
  await processTaskJob(
    {
      github: async () => {
        githubAsked++;
        throw new Error("the task must not start");
      },
      records,
      requestReport: async (id, version, when) => {
        reported.push([id, version, when]);
      },
      redis,
      prefix,
      log,
      now: () => 5_000,
      taskEnv: {},
      secrets: [],
      workspaceDir: undefined,
      outputFlushMs: 50,
      lines: new EnvironmentLines(redis, prefix),
      holds: new EnvironmentHolds(redis, prefix, new AuditTrail(redis, prefix, log), () => 5_000),
      tasks,
      cancels,
      cancelWatch,
      leaseMs: 30_000,
    },
    task,
    {
      waitUntil: () => {
        throw new Error("a started job never waits for its turn again");
      },
    },
    new AbortController().signal,
  );
  expect(githubAsked).toBe(0);
  const record = await records.load("task-1-1");
  expect(record?.view.state).toBe("interrupted");
  expect(record?.view.problem).toContain("does not re-run");
  expect(reported).toEqual([["task-1-1", 2, "now"]]);
});
