import { isFinal } from "../jobs/job-view.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import type { LineDeps } from "../locks/line-places.ts";
import { endTurn } from "./environment-turn.ts";

/**
 * Records a task that ended without a result (its worker died, or it could not start), reports it,
 * and gives its environment to the next job in line.
 */
export async function reportInterrupted(
  deps: LineDeps & { now: () => number },
  task: TaskJob,
  error: Error,
): Promise<void> {
  const record = await deps.records.load(task.id);
  if (record && !isFinal(record.view.state)) {
    const started = record.view.state === "running";
    const version = await deps.records.patch(task.id, {
      state: "interrupted",
      finishedAt: deps.now(),
      problem: started
        ? "The worker running this task stopped before it finished, so its result is unknown. Shipmate does not re-run it on its own: check the environment, then comment the command again."
        : `Shipmate could not start the task (${error.message.slice(0, 200)}). Comment the command again once GitHub is reachable.`,
    });
    await deps.requestReport(task.id, version, "now");
  }
  if (task.serialized) await endTurn(deps, task);
}
