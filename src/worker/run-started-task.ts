import type { ArtifactFile } from "../executors/artifacts/artifact-file.ts";
import { createOutputTail } from "../executors/process/output-tail.ts";
import { runTask } from "../executors/run-task.ts";
import { isFinal } from "../jobs/job-view.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import { createJobLogWriter, type JobLogWriter } from "../queue/job-log-writer.ts";
import { JobLogs } from "../queue/job-logs.ts";
import type { JobRecords } from "../queue/job-records.ts";
import { pullRequestHeadKey } from "../queue/pull-request-heads.ts";
import { createSecretMasker } from "../shared/secret-masker.ts";
import { keepLease } from "./environment-turn.ts";
import { loadArtifacts, storeArtifacts } from "./task-artifacts.ts";
import type { TaskDeps } from "./task-deps.ts";
import { describeRunResult } from "./task-outcome.ts";

// Enough for the status comment and a page of context; the full log is kept apart (queue/job-logs.ts).
const OUTPUT_TAIL_BYTES = 48_000;

/**
 * Runs a task whose turn has come: marks it running, fetches the pinned commit, runs the configured
 * command, streams masked output to the record and ends with the final state. A cancel request
 * (from any process) or the loss of the environment's lease stops the task's whole process group.
 */
export async function runStartedTask(deps: TaskDeps, task: TaskJob, signal: AbortSignal): Promise<void> {
  const github = await deps.github(task.installationId);
  const token = await github.installationToken();
  const headMovedTo = await movedHead(deps, task);
  // Conditional: a `/cancel` that got in first wins, and the task never starts.
  const running = await deps.records.transition(task.id, ["queued"], {
    state: "running",
    startedAt: deps.now(),
    headMovedTo,
  });
  if (running === 0) return;
  await deps.requestReport(task.id, running);

  const stop = new AbortController();
  let cancelledBy: string | undefined;
  let leaseLost = false;
  const unwatch = deps.cancelWatch.watch(task.id, (by) => {
    cancelledBy = by;
    stop.abort();
  });
  const stopRenewing = task.serialized
    ? keepLease(deps, task, deps.leaseMs, () => {
        leaseLost = true;
        stop.abort();
      })
    : () => undefined;

  const tail = createOutputTail(OUTPUT_TAIL_BYTES);
  const logs = new JobLogs(deps.redis, deps.prefix);
  const log = createJobLogWriter(logs, task.id, createSecretMasker([token, ...deps.secrets]));
  let unsent = false;
  const flush = setInterval(() => {
    if (!unsent) return;
    unsent = false;
    report(deps, task.id, { output: tail.text() }).catch((error: unknown) => {
      deps.log.warn({ err: error, job: task.id }, "could not record output");
    });
    void saveLog(deps, task.id, log);
  }, deps.outputFlushMs);
  try {
    const restore = await filesToRestore(deps, task);
    if (restore.kind === "missing") {
      await report(deps, task.id, { state: "failed", problem: restore.problem, finishedAt: deps.now() });
      return;
    }
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
      signal: AbortSignal.any([signal, stop.signal]),
      onOutput: (chunk) => {
        tail.push(chunk);
        log.write(chunk);
        unsent = true;
      },
      ...(deps.workspaceDir ? { workspaceParent: deps.workspaceDir } : {}),
      jobId: task.id,
      repository: { owner: task.repository.owner, name: task.repository.name },
      actions: github,
      ...(restore.files && { restore: restore.files }),
      ...(task.files?.collect && { collect: task.files.collect }),
      ...(deps.followIntervalMs !== undefined && { followIntervalMs: deps.followIntervalMs }),
      ...(deps.retryDelayMs !== undefined && { retryDelayMs: deps.retryDelayMs }),
    });
    clearInterval(flush);
    const kept = result.files ? await keepFiles(deps, task.id, result.files) : undefined;
    if (kept?.kind === "kept") log.write(kept.line);
    // Before the final report: whoever follows its "Full log" link finds the whole log there.
    await saveLog(deps, task.id, log);
    const outcome = describeRunResult({
      kind: result.kind,
      exitCode: result.exitCode,
      reason: result.output,
      task: task.task,
      environment: task.environment,
      timeoutMs: task.definition.timeoutMs,
      shortSha: task.sha.slice(0, 7),
    });
    // The worker's own signal is aborted only when this process shuts down and its grace has run out.
    const stoppedBy =
      result.kind === "cancelled" ? stoppedByWhom(cancelledBy, leaseLost, signal.aborted, task) : undefined;
    const state = stoppedBy?.state ?? (kept?.kind === "failed" ? "failed" : outcome.state);
    await report(deps, task.id, {
      state,
      problem:
        stoppedBy?.problem ?? (kept?.kind === "failed" ? kept.problem : (result.problem ?? outcome.problem)),
      ...(cancelledBy !== undefined && result.kind === "cancelled" ? { cancelledBy } : {}),
      finishedAt: deps.now(),
      ...(result.committedAt === undefined ? {} : { committedAt: result.committedAt }),
      exitCode: result.exitCode,
      output:
        result.kind === "checkout_failed" || result.kind === "spawn_failed"
          ? ""
          : tailOf(kept?.kind === "kept" ? `${result.output}${kept.line}` : result.output),
    });
    deps.log.info({ job: task.id, environment: task.environment, state }, "task finished");
  } finally {
    clearInterval(flush);
    stopRenewing();
    unwatch();
  }
}

const STOPPED_WHILE_RUNNING = {
  shell: "Stopped while it ran: every process the task started was ended.",
  argv: "Stopped while it ran: every process the task started was ended.",
  workflow: "Stopped while it ran: Shipmate asked GitHub to cancel the workflow run.",
  webhook:
    "Stopped while it ran: Shipmate stopped following the webhook and, if the task has a `cancel_url`, told the deployer to stop.",
} as const;

function stoppedByWhom(
  cancelledBy: string | undefined,
  leaseLost: boolean,
  shutDown: boolean,
  task: TaskJob,
): { state: "cancelled" | "interrupted"; problem: string } | undefined {
  if (cancelledBy !== undefined) {
    return { state: "cancelled", problem: STOPPED_WHILE_RUNNING[task.definition.command.kind] };
  }
  if (shutDown) {
    return {
      state: "interrupted",
      problem: `The worker running this task was shut down before the task finished, so Shipmate stopped the task. It does not re-run it on its own: check ${task.environment}, then comment the command again.`,
    };
  }
  if (leaseLost) {
    return {
      state: "interrupted",
      problem: `This worker lost its turn on ${task.environment} (its lease lapsed), so the task was stopped rather than risk two jobs at once. Check the environment, then comment the command again.`,
    };
  }
  return undefined;
}

async function filesToRestore(
  deps: TaskDeps,
  task: TaskJob,
): Promise<{ kind: "ready"; files: ArtifactFile[] | undefined } | { kind: "missing"; problem: string }> {
  const from = task.files?.restoreFrom;
  if (from === undefined) return { kind: "ready", files: undefined };
  const files = await loadArtifacts(deps.redis, deps.prefix, from);
  if (files !== undefined) return { kind: "ready", files };
  return {
    kind: "missing",
    problem: `The files job \`${from}\` kept for this task are gone (kept files last 7 days) or were never kept, so the task did not run. Run the step that makes them again, then comment \`/${task.task} ${task.environment}\` again.`,
  };
}

async function keepFiles(
  deps: TaskDeps,
  id: string,
  files: readonly ArtifactFile[],
): Promise<{ kind: "kept"; line: string } | { kind: "failed"; problem: string }> {
  try {
    await storeArtifacts(deps.redis, deps.prefix, id, files);
  } catch (error) {
    deps.log.error({ err: error, job: id }, "could not keep the task's files");
    return {
      kind: "failed",
      problem: "The task succeeded, but Shipmate could not store the files it made. Run it again.",
    };
  }
  const bytes = files.reduce((sum, file) => sum + file.content.length, 0);
  const names = files.map((file) => file.path).join(", ");
  return { kind: "kept", line: `\n[shipmate: kept ${names} (${bytes} bytes) for the next step]\n` };
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

/** Writes what the log holds so far; a failure costs the job page some output, never the task. */
async function saveLog(deps: TaskDeps, id: string, log: JobLogWriter): Promise<void> {
  await log.flush().catch((error: unknown) => {
    deps.log.warn({ err: error, job: id }, "could not keep the task's log");
  });
}

function tailOf(output: string): string {
  const tail = createOutputTail(OUTPUT_TAIL_BYTES);
  tail.push(output);
  return tail.text();
}
