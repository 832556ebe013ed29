import type { AuditTrail } from "../audit/audit-trail.ts";
import { jobEndEvent } from "../audit/job-end-event.ts";
import { isFinal } from "../jobs/job-view.ts";
import type { JobRecords } from "../queue/job-records.ts";

/**
 * Puts a task job whose queue attempt is over on the audit trail, with the state its record ended in.
 * A job that is not final yet (it waits for its turn, or is to be retried) is left for a later attempt.
 */
export async function auditJobEnd(
  deps: { records: JobRecords; audit: AuditTrail; now: () => number },
  id: string,
): Promise<void> {
  const view = (await deps.records.load(id))?.view;
  if (view === undefined || !isFinal(view.state)) return;
  await deps.audit.record(jobEndEvent(view, deps.now()));
}
