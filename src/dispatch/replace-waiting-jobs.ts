import type { TaskJob } from "../jobs/task-job.schema.ts";
import type { CommandContext } from "./command-context.ts";
import { loadTask, withdrawTask } from "./enqueue-task.ts";

/**
 * The latest command wins: a new job of this pull request for an environment replaces the job of the
 * same kind that this pull request still has waiting there, rather than piling up behind it.
 */
export async function replaceWaitingJobs(ctx: CommandContext, task: TaskJob): Promise<void> {
  const { deps } = ctx;
  const open = await deps.records.unfinished(ctx.request.repository);
  const older = open.filter(
    ({ view }) =>
      view.id !== task.id &&
      view.pullRequest === task.pullRequest &&
      view.task === task.task &&
      !view.dryRun &&
      view.environment.toLowerCase() === task.environment.toLowerCase() &&
      (view.state === "queued" || view.state === "awaiting_approval"),
  );
  for (const { view } of older) {
    const version = await deps.records.transition(view.id, ["queued", "awaiting_approval"], {
      state: "cancelled",
      cancelledBy: task.actor,
      finishedAt: deps.now(),
      problem: `Replaced by a newer \`/${task.task}\` of this pull request to ${task.environment} (\`${task.id}\`).`,
    });
    if (version === 0) continue;
    const replaced = await loadTask(deps, view.id);
    if (replaced !== undefined) await withdrawTask(deps, replaced);
    await deps.requestReport(view.id, version, "now");
  }
}
