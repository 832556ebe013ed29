import type { JobView } from "../jobs/job-view.ts";
import { type TaskJob, taskJobSchema } from "../jobs/task-job.schema.ts";
import { lineKeyOf, refreshLinePlaces } from "../locks/line-places.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/**
 * Puts an accepted task in motion. Awaiting approval, its queue job sleeps until the request lapses
 * (an approval wakes it early); otherwise it joins the back of its environment's line first, so the
 * worker that picks it up finds its place.
 */
export async function enqueueTask(deps: IntakeDeps, task: TaskJob, view: JobView): Promise<void> {
  if (view.state === "awaiting_approval") {
    const delay = Math.max(0, (view.approval?.expiresAt ?? 0) - deps.now());
    await deps.tasks.add(task.task, task, { jobId: task.id, delay });
    return;
  }
  if (view.state !== "queued") return;
  if (task.serialized) await deps.lines.join(lineKeyOf(task), task.id);
  await deps.tasks.add(task.task, task, { jobId: task.id });
  if (task.serialized) await refreshLinePlaces(deps, lineKeyOf(task));
}

/** Lets an approved job take its place in line now rather than when its approval request would lapse. */
export async function releaseApprovedTask(deps: IntakeDeps, task: TaskJob): Promise<void> {
  if (task.serialized) await deps.lines.join(lineKeyOf(task), task.id);
  const job = await deps.tasks.getJob(task.id);
  if (job !== undefined && (await job.isDelayed())) await job.promote().catch(() => undefined);
  if (task.serialized) await refreshLinePlaces(deps, lineKeyOf(task));
}

/** Takes a job that never started out of its line and out of the queue. */
export async function withdrawTask(deps: IntakeDeps, task: TaskJob): Promise<void> {
  const key = lineKeyOf(task);
  await deps.lines.leave(key, task.id);
  // A job a worker is looking at this instant cannot be removed; that worker finds it cancelled.
  await (await deps.tasks.getJob(task.id))?.remove().catch(() => undefined);
  await refreshLinePlaces(deps, key);
}

/** The accepted task behind a job id, as its queue job holds it. */
export async function loadTask(deps: IntakeDeps, id: string): Promise<TaskJob | undefined> {
  const parsed = taskJobSchema.safeParse((await deps.tasks.getJob(id))?.data);
  return parsed.success ? parsed.data : undefined;
}
