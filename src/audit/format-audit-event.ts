import type { AuditEvent } from "./audit-event.ts";

// The fields after the fixed columns, in the order a reader scans them.
const DETAILS = ["environment", "sha", "command", "outcome", "job", "reason"] as const;

/**
 * One event as one line: time, action, who and where in fixed columns, then `key=value` for what the
 * event has, so the output stays greppable (`| grep env=production`).
 */
export function formatAuditEvent(event: AuditEvent): string {
  const where =
    event.pullRequest === undefined ? event.repository : `${event.repository}#${event.pullRequest}`;
  const columns = [
    new Date(event.at).toISOString(),
    event.action.padEnd(13),
    `${event.actor} (${event.surface})`,
    where,
  ];
  const details = DETAILS.flatMap((key) => {
    const value = event[key];
    if (value === undefined || value === "") return [];
    const text = key === "sha" ? value.slice(0, 12) : value;
    return [`${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`];
  });
  return [...columns, ...details].join("  ");
}
