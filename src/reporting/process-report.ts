import { DelayedError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { GitHubClient } from "../github/github-client.ts";
import { adviseRetry } from "../github/retry-policy.ts";
import type { ReportJob } from "../jobs/report-job.schema.ts";
import type { JobRecord, JobRecords } from "../queue/job-records.ts";
import { slackRetryAfterMs } from "../slack/rate-gated-slack-client.ts";
import type { SlackClient } from "../slack/slack-client.ts";
import { mirrorToCheckRun } from "./check-run-mirror.ts";
import { type MirrorProgress, mirrorToGitHub } from "./github-mirror.ts";
import { mirrorToSlack } from "./slack-mirror.ts";

export interface ReportDeps {
  github: (installationId: number) => Promise<GitHubClient>;
  /** Undefined when Slack is not configured: jobs then have no Slack mirror. */
  slack: SlackClient | undefined;
  records: JobRecords;
  redis: Redis;
  prefix: string;
  now: () => number;
  /** A fresh signed link to a job's page; undefined when PUBLIC_URL is not set. */
  jobLink?: ((id: string) => string) | undefined;
  /** Shown every record a report loads (the metrics count jobs there); it must not throw. */
  observeRecord?: ((record: JobRecord) => void) | undefined;
}

// Short and renewed while the report runs: a worker that dies holding it blocks the job's reports for
// seconds, not for as long as the slowest GitHub call could take.
const LOCK_MS = 5_000;
const RENEW_MS = 1_500;
const BUSY_RETRY_MS = 25;
const RENEW_SCRIPT =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
const RELEASE_SCRIPT =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Runs one report job: with the job's report lock held (so two workers never create two
 * comments), every mirror is brought up to the record's latest version. Older report jobs
 * find nothing left to do. The mirrors run apart: one failing never stops the other, and the
 * report is retried for whichever did not land.
 */
export async function processReport(
  deps: ReportDeps,
  job: Job<ReportJob>,
  token: string | undefined,
): Promise<void> {
  const lockKey = `${deps.prefix}:report-lock:${job.data.taskId}`;
  const owner = `${job.id}:${token ?? ""}`;
  const locked = await deps.redis.set(lockKey, owner, "PX", LOCK_MS, "NX");
  if (locked !== "OK") {
    await job.moveToDelayed(deps.now() + BUSY_RETRY_MS, token);
    throw new DelayedError();
  }
  const renew = setInterval(() => {
    deps.redis.eval(RENEW_SCRIPT, 1, lockKey, owner, LOCK_MS).catch(() => {
      // A missed renewal only shortens the lock; the marks keep a second worker from repeating a step.
    });
  }, RENEW_MS);
  try {
    const record = await deps.records.load(job.data.taskId);
    if (!record) return;
    deps.observeRecord?.(record);
    const progress: MirrorProgress = {
      mark: (name, value) => deps.records.mark(job.data.taskId, name, value),
    };
    const now = deps.now();
    const slack = deps.slack;
    const github = () => deps.github(record.targets.installationId);
    const logUrl = deps.jobLink?.(record.view.id);
    await runMirrors([
      async () => mirrorToGitHub(await github(), record, progress, now, logUrl),
      ...(slack === undefined ? [] : [() => mirrorToSlack(slack, record, progress, now, logUrl)]),
      ...(record.targets.checkRun === undefined
        ? []
        : [async () => mirrorToCheckRun(await github(), record, progress, now)]),
    ]).catch(async (error: unknown) => {
      // Slack asked for a pause: the report comes back when it ends, without spending one of its attempts.
      const waitMs = slackRetryAfterMs(error);
      if (waitMs === undefined) throw error;
      await job.moveToDelayed(deps.now() + waitMs, token);
      throw new DelayedError();
    });
  } finally {
    clearInterval(renew);
    // Only release our own lock: if it expired and another worker took it, leave theirs alone.
    await deps.redis.eval(RELEASE_SCRIPT, 1, lockKey, owner);
  }
}

/**
 * Runs every mirror to the end whatever the others do, then throws if any failed: an error worth
 * retrying when there is one, so a Slack channel that is gone for good does not stop a GitHub
 * outage from being retried, nor the reverse. Marks make the retry repeat only what did not land.
 */
export async function runMirrors(mirrors: readonly (() => Promise<void>)[]): Promise<void> {
  const results = await Promise.allSettled(mirrors.map(async (mirror) => mirror()));
  const errors = results.flatMap((result) =>
    result.status === "rejected" ? [result.reason as unknown] : [],
  );
  if (errors.length === 0) return;
  throw errors.find((error) => adviseRetry(error).kind === "retry") ?? errors[0];
}
