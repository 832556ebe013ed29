import { isFinal } from "../jobs/job-view.ts";
import type { JobRecords } from "../queue/job-records.ts";
import type { ReportRequester } from "../queue/request-report.ts";

/** Records a task that ended without a result (its worker died, or it could not start) and reports it. */
export async function reportInterrupted(
  deps: { records: JobRecords; requestReport: ReportRequester; now: () => number },
  taskId: string,
  error: Error,
): Promise<void> {
  const record = await deps.records.load(taskId);
  if (!record || isFinal(record.view.state)) return;
  const started = record.view.state === "running";
  const version = await deps.records.patch(taskId, {
    state: "interrupted",
    finishedAt: deps.now(),
    problem: started
      ? "The worker running this task stopped before it finished, so its result is unknown. Shipmate does not re-run it on its own: check the environment, then comment the command again."
      : `Shipmate could not start the task (${error.message.slice(0, 200)}). Comment the command again once GitHub is reachable.`,
  });
  await deps.requestReport(taskId, version, "now");
}
