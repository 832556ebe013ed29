import type { JobView } from "../jobs/job-view.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import type { CommandContext } from "./command-context.ts";
import { loadTask, withdrawTask } from "./enqueue-task.ts";

/**
 * The latest command wins: of the jobs of one kind that a pull request has waiting for an environment,
 * only the newest goes on and the others are cancelled as replaced, rather than piling up behind it.
 */
export async function replaceWaitingJobs(ctx: CommandContext, task: TaskJob): Promise<void> {
  const { deps } = ctx;
  const open = await deps.records.unfinished(ctx.request.repository);
  const waiting = open
    .map(({ view }) => view)
    .filter(
      (view) =>
        view.pullRequest === task.pullRequest &&
        view.task === task.task &&
        !view.dryRun &&
        view.environment.toLowerCase() === task.environment.toLowerCase() &&
        (view.state === "queued" || view.state === "awaiting_approval"),
    );
  // Two commands recorded at the same moment may each see the other's record here, or only the later one to
  // look may: both pick the same newest by a fixed order, so exactly one goes on. That is why this job can
  // be among the replaced ones, when a newer one was recorded before it looked.
  const newest = waiting.reduce<JobView | undefined>(
    (best, view) => (best === undefined || isNewer(view, best) ? view : best),
    undefined,
  );
  if (newest === undefined) return;
  for (const view of waiting) {
    if (view.id === newest.id) continue;
    const version = await deps.records.transition(view.id, ["queued", "awaiting_approval"], {
      state: "cancelled",
      cancelledBy: newest.actor,
      finishedAt: deps.now(),
      problem: `Replaced by a newer \`/${task.task}\` of this pull request to ${task.environment} (\`${newest.id}\`).`,
    });
    if (version === 0) continue;
    const replaced = await loadTask(deps, view.id);
    if (replaced !== undefined) await withdrawTask(deps, replaced);
    await deps.requestReport(view.id, version, "now");
  }
}

/**
 * Which of two jobs was accepted later: by the time its record was made, then by its id, whose numbers
 * (comment id, line) grow with time, so two records of the same millisecond still have one order.
 */
function isNewer(a: Pick<JobView, "id" | "queuedAt">, b: Pick<JobView, "id" | "queuedAt">): boolean {
  if (a.queuedAt !== b.queuedAt) return a.queuedAt > b.queuedAt;
  return a.id.localeCompare(b.id, "en", { numeric: true }) > 0;
}
