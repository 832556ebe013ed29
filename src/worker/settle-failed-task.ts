import type { TaskJob } from "../jobs/task-job.schema.ts";
import type { LineDeps } from "../locks/line-places.ts";
import { reportInterrupted } from "./report-interrupted.ts";

/**
 * A task job that failed for good. One whose worker died while it only looked at its line (it never
 * started) goes back to the queue; one that had started is reported interrupted and never re-run.
 */
export async function settleFailedTask(
  deps: LineDeps & { now: () => number },
  task: TaskJob,
  failure: { error: Error; stalled: boolean; retry: () => Promise<void> },
): Promise<void> {
  const state = (await deps.records.load(task.id))?.view.state;
  if (failure.stalled && (state === "queued" || state === "awaiting_approval")) {
    await failure.retry();
    return;
  }
  await reportInterrupted(deps, task, failure.error);
}
