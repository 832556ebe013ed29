import type { ApprovalView, JobView, LinePlace } from "../../jobs/job-view.ts";
import { formatDuration } from "../../shared/format-duration.ts";
import { TASK_NOUN } from "./job-summary.ts";
import { joinOr, mentionApprover, personName, pullRequestRef } from "./people.ts";
import { renderEnvironmentName } from "./status-headline.ts";
import { formatTimestamp, ordinal } from "./text.ts";

const MAX_APPROVERS_SHOWN = 10;

/** Why a job has not started yet: its place in line, or the approval it waits for; undefined otherwise. */
export function renderWaiting(view: JobView, now: number): string | undefined {
  if (view.state === "queued" && view.line !== undefined) return renderPlace(view.line, view.environment);
  if (view.state === "awaiting_approval" && view.approval !== undefined) {
    return renderApprovalRequest(view.approval, view, now);
  }
  return undefined;
}

/** "2nd in line for **production**, behind #41 by @alice (running)." */
export function renderPlace(line: LinePlace, environment: string): string {
  const env = environment === "" ? "" : ` for ${renderEnvironmentName(environment)}`;
  const position = Number.isSafeInteger(line.position) && line.position > 0 ? line.position : undefined;
  const place =
    position === undefined
      ? `In line${env}`
      : position === 1
        ? `Next in line${env}`
        : `${ordinal(position)} in line${env}`;
  if (line.ahead === undefined) return `${place}.`;
  const who = `${pullRequestRef(line.ahead.pullRequest)} by ${personName(line.ahead.actor)}`;
  return `${place}, behind ${who}${line.ahead.running ? " (running)" : ""}.`;
}

function renderApprovalRequest(approval: ApprovalView, view: JobView, now: number): string {
  const approvers = approval.approvers.map(mentionApprover);
  const from = approvers.length === 0 ? "" : ` from ${joinOr(approvers, MAX_APPROVERS_SHOWN)}`;
  const noun = view.rollback === undefined ? TASK_NOUN[view.task] : "rollback";
  const left = approval.expiresAt - now;
  const lapse =
    left > 0
      ? `The request lapses in ${formatDuration(left)} (at ${formatTimestamp(approval.expiresAt)}) if nobody approves it.`
      : `The request lapsed at ${formatTimestamp(approval.expiresAt)}.`;
  return [
    `**Waiting for approval**${from}.`,
    `An approver comments \`/approve\` on this pull request to let it run, or \`/reject\` to stop it. The requester cannot approve their own ${noun}.`,
    lapse,
  ].join("\n");
}
