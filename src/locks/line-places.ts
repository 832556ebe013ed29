import type { Queue } from "bullmq";
import { isFinal, type LinePlace } from "../jobs/job-view.ts";
import type { JobRecords } from "../queue/job-records.ts";
import type { ReportRequester } from "../queue/request-report.ts";
import type { EnvironmentLines, LineKey } from "./environment-line.ts";

/** What moving a line needs: the line itself, the job records it updates and the queue it wakes. */
export interface LineDeps {
  lines: EnvironmentLines;
  records: JobRecords;
  requestReport: ReportRequester;
  /** The tasks queue: BullMQ job ids are the task ids. */
  tasks: Queue;
}

/** The line a job waits in: one per repository and environment. */
export function lineKeyOf(job: { repository: { id: number }; environment: string }): LineKey {
  return { repositoryId: job.repository.id, environment: job.environment };
}

/** Gives every waiting job its current place, so each status comment says where it stands. */
export async function refreshLinePlaces(deps: LineDeps, key: LineKey): Promise<void> {
  const [holder, everyone] = await Promise.all([deps.lines.holder(key), deps.lines.waiting(key)]);
  const ids = holder === undefined ? everyone : [holder, ...everyone];
  const records = new Map(
    await Promise.all(ids.map(async (id) => [id, await deps.records.load(id)] as const)),
  );
  // A job that ended without leaving (its process died between the two steps) would block the line for good.
  const stale = everyone.filter((id) => {
    const state = records.get(id)?.view.state;
    return state === undefined || isFinal(state);
  });
  await Promise.all(stale.map((id) => deps.lines.leave(key, id)));
  const waiting = everyone.filter((id) => !stale.includes(id));
  for (const [index, id] of waiting.entries()) {
    const view = records.get(id)?.view;
    if (view?.state !== "queued") continue;
    const aheadId = index === 0 ? holder : waiting[index - 1];
    const ahead = aheadId === undefined ? undefined : records.get(aheadId)?.view;
    const place: LinePlace = {
      position: index + 1,
      ahead:
        ahead === undefined
          ? undefined
          : { pullRequest: ahead.pullRequest, actor: ahead.actor, running: aheadId === holder },
    };
    if (samePlace(view.line, place)) continue;
    const version = await deps.records.transition(id, ["queued"], { line: place });
    await deps.requestReport(id, version);
  }
}

/** Wakes the first waiting job now instead of at its next look, once the environment is free. */
export async function wakeFirstInLine(deps: LineDeps, key: LineKey): Promise<void> {
  const [first] = await deps.lines.waiting(key);
  if (first === undefined) return;
  const job = await deps.tasks.getJob(first);
  if (job === undefined || !(await job.isDelayed())) return;
  // It may have been taken by a worker in between; then it looks at the line by itself.
  await job.promote().catch(() => undefined);
}

// Field by field: the record comes back from Redis's JSON encoder with its keys in another order.
function samePlace(a: LinePlace | undefined, b: LinePlace): boolean {
  return (
    a !== undefined &&
    a.position === b.position &&
    a.ahead?.pullRequest === b.ahead?.pullRequest &&
    a.ahead?.actor === b.ahead?.actor &&
    a.ahead?.running === b.ahead?.running
  );
}
