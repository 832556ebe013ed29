import type { Redis } from "ioredis";
import { createOutputTail } from "../executors/process/output-tail.ts";
import { runTask } from "../executors/run-task.ts";
import type { GitHubClient } from "../github/github-client.ts";
import { isFinal } from "../jobs/job-view.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import type { JobRecords } from "../queue/job-records.ts";
import { pullRequestHeadKey } from "../queue/pull-request-heads.ts";
import type { ReportRequester } from "../queue/request-report.ts";
import type { Logger } from "../shared/logger.ts";
import { reportInterrupted } from "./report-interrupted.ts";
import { describeRunResult } from "./task-outcome.ts";

export interface TaskDeps {
  github: (installationId: number) => Promise<GitHubClient>;
  records: JobRecords;
  requestReport: ReportRequester;
  redis: Redis;
  prefix: string;
  log: Logger;
  now: () => number;
  /** Server variables handed to tasks, and the values masked wherever output goes. */
  taskEnv: Readonly<Record<string, string>>;
  secrets: readonly string[];
  workspaceDir: string | undefined;
  outputFlushMs: number;
}

// Enough for the status comment and a page of context; the full log is not kept in the record.
const OUTPUT_TAIL_BYTES = 48_000;

/**
 * Runs one accepted task: marks it running, fetches the pinned commit, runs the configured
 * command, streams masked output to the record and ends with the final state. Failures of
 * the task itself end the job normally; only failures before the task starts are thrown,
 * so that the queue retries them (nothing has run yet).
 */
export async function processTaskJob(deps: TaskDeps, task: TaskJob, signal: AbortSignal): Promise<void> {
  const record = await deps.records.load(task.id);
  if (record && isFinal(record.view.state)) return;
  // A retry of a job that already started must not run the task a second time.
  if (record?.view.state === "running") {
    await reportInterrupted(
      deps,
      task.id,
      new Error("the previous attempt stopped after the task had started"),
    );
    return;
  }
  const github = await deps.github(task.installationId);
  const token = await github.installationToken();

  const headMovedTo = await movedHead(deps, task);
  await report(deps, task.id, { state: "running", startedAt: deps.now(), headMovedTo });

  const tail = createOutputTail(OUTPUT_TAIL_BYTES);
  let unsent = false;
  const flush = setInterval(() => {
    if (!unsent) return;
    unsent = false;
    report(deps, task.id, { output: tail.text() }).catch((error: unknown) => {
      deps.log.warn({ err: error, job: task.id }, "could not record output");
    });
  }, deps.outputFlushMs);
  try {
    const result = await runTask({
      cloneUrl: task.repository.cloneUrl,
      sha: task.sha,
      token,
      task: task.definition,
      env: {
        task: task.task,
        environment: task.environment,
        ref: task.ref,
        pullRequest: task.pullRequest,
        actor: task.actor,
        dryRun: task.dryRun,
        params: task.params,
      },
      passthrough: deps.taskEnv,
      secrets: deps.secrets,
      signal,
      onOutput: (chunk) => {
        tail.push(chunk);
        unsent = true;
      },
      ...(deps.workspaceDir ? { workspaceParent: deps.workspaceDir } : {}),
    });
    clearInterval(flush);
    const outcome = describeRunResult({
      kind: result.kind,
      exitCode: result.exitCode,
      reason: result.output,
      task: task.task,
      environment: task.environment,
      timeoutMs: task.definition.timeoutMs,
      shortSha: task.sha.slice(0, 7),
    });
    await report(deps, task.id, {
      state: outcome.state,
      problem: outcome.problem,
      finishedAt: deps.now(),
      exitCode: result.exitCode,
      output:
        result.kind === "checkout_failed" || result.kind === "spawn_failed" ? "" : tailOf(result.output),
    });
    deps.log.info({ job: task.id, environment: task.environment, state: outcome.state }, "task finished");
  } finally {
    clearInterval(flush);
  }
}

async function report(deps: TaskDeps, id: string, fields: Parameters<JobRecords["patch"]>[1]): Promise<void> {
  const version = await deps.records.patch(id, fields);
  await deps.requestReport(id, version, fields.state !== undefined && isFinal(fields.state) ? "now" : "soon");
}

async function movedHead(deps: TaskDeps, task: TaskJob): Promise<string | undefined> {
  if (task.pullRequest === undefined || task.pinnedFrom !== "pull-request") return undefined;
  const head = await deps.redis.get(pullRequestHeadKey(deps.prefix, task.repository.id, task.pullRequest));
  return head && head !== task.sha ? head : undefined;
}

function tailOf(output: string): string {
  const tail = createOutputTail(OUTPUT_TAIL_BYTES);
  tail.push(output);
  return tail.text();
}
