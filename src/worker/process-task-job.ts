import { isFinal, type JobView } from "../jobs/job-view.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import { formatDuration } from "../shared/format-duration.ts";
import { endTurn, takeTurn } from "./environment-turn.ts";
import { recheckGates } from "./recheck-gates.ts";
import { reportInterrupted } from "./report-interrupted.ts";
import { runStartedTask } from "./run-started-task.ts";
import type { JobControl, TaskDeps } from "./task-deps.ts";

/**
 * One look at an accepted task. By its state: awaiting approval, it waits (or lapses); queued, it
 * takes its turn on the environment (or goes back to waiting), has its gates checked again on the
 * pinned commit and runs; already running, its earlier worker died and it is reported, never re-run.
 * Only failures before the task starts are thrown, so that the queue retries them.
 */
export async function processTaskJob(
  deps: TaskDeps,
  task: TaskJob,
  control: JobControl,
  signal: AbortSignal,
): Promise<void> {
  const record = await deps.records.load(task.id);
  const state = record?.view.state;
  if (state !== undefined && isFinal(state)) return;
  // A retry of a job that already started must not run the task a second time.
  if (state === "running") {
    await reportInterrupted(deps, task, new Error("the previous attempt stopped after the task had started"));
    return;
  }
  if (record?.view.state === "awaiting_approval") return awaitApproval(deps, task, record.view, control);
  if (!task.serialized) return startAndRun(deps, task, record?.view, signal);

  const turn = await takeTurn(deps, task, deps.leaseMs);
  if (turn.kind === "gone") return;
  if (turn.kind === "waiting") return control.waitUntil(deps.now() + lookAgainMs(deps.leaseMs, turn.first));
  try {
    await startAndRun(deps, task, record?.view, signal);
  } finally {
    await endTurn(deps, task);
  }
}

async function startAndRun(
  deps: TaskDeps,
  task: TaskJob,
  view: JobView | undefined,
  signal: AbortSignal,
): Promise<void> {
  const refusal = await recheckGates(deps, task, view);
  if (refusal !== undefined) {
    const version = await deps.records.transition(task.id, ["queued"], {
      state: "refused",
      finishedAt: deps.now(),
      problem: refusal,
    });
    await deps.requestReport(task.id, version, "now");
    return;
  }
  await runStartedTask(deps, task, signal);
}

async function awaitApproval(
  deps: TaskDeps,
  task: TaskJob,
  view: JobView,
  control: JobControl,
): Promise<void> {
  const expiresAt = view.approval?.expiresAt ?? 0;
  if (deps.now() < expiresAt) return control.waitUntil(expiresAt);
  const waited = formatDuration(Math.max(0, expiresAt - view.queuedAt));
  const version = await deps.records.transition(task.id, ["awaiting_approval"], {
    state: "cancelled",
    finishedAt: deps.now(),
    problem: `Nobody approved it within ${waited}, so it lapsed. Comment the command again to ask for approval again.`,
  });
  if (version > 0) return deps.requestReport(task.id, version, "now");
  // Approved in the same instant: look again as the queued job it now is.
  return control.waitUntil(deps.now());
}

/** How soon a waiting job looks at its line again; being woken when the environment frees up is the usual way. */
function lookAgainMs(leaseMs: number, first: boolean): number {
  return first ? clamp(leaseMs / 8, 100, 1_000) : clamp(leaseMs / 4, 250, 5_000);
}

function clamp(value: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, value)));
}
