import { createOutputTail } from "../executors/process/output-tail.ts";
import { runTask } from "../executors/run-task.ts";
import { isFinal } from "../jobs/job-view.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import type { JobRecords } from "../queue/job-records.ts";
import { pullRequestHeadKey } from "../queue/pull-request-heads.ts";
import { keepLease } from "./environment-turn.ts";
import type { TaskDeps } from "./task-deps.ts";
import { describeRunResult } from "./task-outcome.ts";

// Enough for the status comment and a page of context; the full log is not kept in the record.
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
      signal: AbortSignal.any([signal, stop.signal]),
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
    const stoppedBy = result.kind === "cancelled" ? stoppedByWhom(cancelledBy, leaseLost, task) : undefined;
    await report(deps, task.id, {
      state: stoppedBy?.state ?? outcome.state,
      problem: stoppedBy?.problem ?? outcome.problem,
      ...(cancelledBy !== undefined && result.kind === "cancelled" ? { cancelledBy } : {}),
      finishedAt: deps.now(),
      exitCode: result.exitCode,
      output:
        result.kind === "checkout_failed" || result.kind === "spawn_failed" ? "" : tailOf(result.output),
    });
    deps.log.info({ job: task.id, environment: task.environment, state: outcome.state }, "task finished");
  } finally {
    clearInterval(flush);
    stopRenewing();
    unwatch();
  }
}

function stoppedByWhom(
  cancelledBy: string | undefined,
  leaseLost: boolean,
  task: TaskJob,
): { state: "cancelled" | "interrupted"; problem: string } | undefined {
  if (cancelledBy !== undefined) {
    return {
      state: "cancelled",
      problem: "Stopped while it ran: every process the task started was ended.",
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
