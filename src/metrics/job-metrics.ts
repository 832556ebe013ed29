import type { Redis } from "ioredis";
import type { GitHubClient } from "../github/github-client.ts";
import { isFinal } from "../jobs/job-view.ts";
import type { JobRecord, JobRecords } from "../queue/job-records.ts";
import type { Logger } from "../shared/logger.ts";
import type { BoundedLabel } from "./bounded-label.ts";
import type { MetricSeries } from "./definitions.ts";

// A field of the job record, set by whichever process counts the job first; never on a record that has
// expired meanwhile, which would leave a key without a TTL behind.
const COUNTED_FIELD = "metrics:counted";
const CLAIM_SCRIPT =
  "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSETNX', KEYS[1], ARGV[1], '1') end return 0";

export interface JobMetricsDeps {
  redis: Redis;
  records: Pick<JobRecords, "key">;
  github: (installationId: number) => Promise<Pick<GitHubClient, "commitTime">>;
  series: Pick<MetricSeries, "jobs" | "jobDuration" | "queueWait" | "leadTime">;
  environments: BoundedLabel;
  log: Logger;
}

/**
 * Counts each job once, when a report first finds it in a final state: every final state, from any
 * process, reaches a report, and a flag in the job's record keeps retried or repeated reports (in this
 * process or another) from counting it again. Dry runs deploy nothing and are not counted.
 */
export function jobMetrics(deps: JobMetricsDeps): (record: JobRecord) => void {
  return (record) => {
    const view = record.view;
    if (!isFinal(view.state) || view.dryRun) return;
    countOnce(deps, record).catch((error: unknown) => {
      deps.log.warn({ err: messageOf(error), job: view.id }, "job metrics not recorded");
    });
  };
}

async function countOnce(deps: JobMetricsDeps, record: JobRecord): Promise<void> {
  const view = record.view;
  const claimed = await deps.redis.eval(CLAIM_SCRIPT, 1, deps.records.key(view.id), COUNTED_FIELD);
  if (Number(claimed) !== 1) return;
  const environment = deps.environments.of(view.environment);
  const labels = { task: view.task, environment, state: view.state };
  deps.series.jobs.inc(labels);
  if (view.startedAt !== undefined) {
    deps.series.queueWait.observe({ task: view.task, environment }, seconds(view.startedAt - view.queuedAt));
    if (view.finishedAt !== undefined) {
      deps.series.jobDuration.observe(labels, seconds(view.finishedAt - view.startedAt));
    }
  }
  // A rollback puts back an old commit on purpose: its age says nothing about how fast changes ship.
  const shipped = view.task === "deploy" && view.state === "succeeded" && !view.rollback;
  if (shipped && view.finishedAt !== undefined)
    await observeLeadTime(deps, record, environment, view.finishedAt);
}

/**
 * Commit to production. A task that checked the commit out read its date there; for one that did not
 * (a workflow, a webhook), this is one extra GitHub call per successful deploy.
 */
async function observeLeadTime(
  deps: JobMetricsDeps,
  record: JobRecord,
  environment: string,
  finishedAt: number,
): Promise<void> {
  const { repository, sha } = record.view;
  let committedAt = record.view.committedAt;
  if (committedAt === undefined) {
    const github = await deps.github(record.targets.installationId);
    committedAt = await github.commitTime({ owner: repository.owner, repo: repository.name }, sha);
  }
  if (committedAt !== undefined)
    deps.series.leadTime.observe({ environment }, seconds(finishedAt - committedAt));
}

function seconds(ms: number): number {
  return Math.max(0, ms) / 1000;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
