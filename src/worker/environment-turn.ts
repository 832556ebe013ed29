import type { TaskJob } from "../jobs/task-job.schema.ts";
import { type LineDeps, lineKeyOf, refreshLinePlaces, wakeFirstInLine } from "../locks/line-places.ts";
import type { Logger } from "../shared/logger.ts";

export type Turn = { kind: "started" } | { kind: "waiting"; first: boolean } | { kind: "gone" };

/**
 * Takes the environment's lease if this job is first in line and nothing runs there. A queued job
 * that is in no line (its join was lost) joins at the back rather than jumping ahead.
 */
export async function takeTurn(deps: LineDeps, task: TaskJob, leaseMs: number): Promise<Turn> {
  const key = lineKeyOf(task);
  const result = await deps.lines.tryStart(key, task.id, leaseMs);
  if (result.kind === "started") {
    await refreshLinePlaces(deps, key);
    return { kind: "started" };
  }
  if (result.kind === "not-in-line") {
    const record = await deps.records.load(task.id);
    if (record?.view.state !== "queued") return { kind: "gone" };
    await deps.lines.join(key, task.id);
    await refreshLinePlaces(deps, key);
    return { kind: "waiting", first: false };
  }
  await refreshLinePlaces(deps, key);
  return { kind: "waiting", first: result.ahead.length === 0 };
}

/** Gives the environment back and lets the next job in line start. */
export async function endTurn(deps: LineDeps, task: TaskJob): Promise<void> {
  const key = lineKeyOf(task);
  await deps.lines.release(key, task.id);
  await refreshLinePlaces(deps, key);
  await wakeFirstInLine(deps, key);
}

/**
 * Renews the lease while the task runs. When the lease is found to belong to someone else (it
 * lapsed, say while this process was frozen), the task is stopped: two jobs must never overlap.
 */
export function keepLease(
  deps: LineDeps & { log: Logger },
  task: TaskJob,
  leaseMs: number,
  onLost: () => void,
): () => void {
  const key = lineKeyOf(task);
  const timer = setInterval(
    () => {
      deps.lines.renew(key, task.id, leaseMs).then(
        (held) => {
          if (!held) onLost();
        },
        // Redis away: nobody else can take the lease either, so the task goes on.
        (error: unknown) =>
          deps.log.warn({ err: error, job: task.id }, "could not renew the environment lease"),
      );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  return () => clearInterval(timer);
}
