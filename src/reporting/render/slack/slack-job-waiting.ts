import type { ApprovalView, JobView } from "../../../jobs/job-view.ts";
import { formatDuration } from "../../../shared/format-duration.ts";
import { TASK_NOUN } from "../job-summary.ts";
import { joinOr } from "../people.ts";
import { renderPlace } from "../status-waiting.ts";
import { formatTimestamp, truncateEnd } from "../text.ts";
import { slackMrkdwn } from "./slack-mrkdwn.ts";
import { escapeSlack } from "./slack-text.ts";

const MAX_APPROVERS_SHOWN = 10;

/** Why a job has not started yet: its place in line, or the approval it waits for; undefined otherwise. */
export function slackWaiting(view: JobView, now: number): string | undefined {
  if (view.state === "queued" && view.line !== undefined) {
    return slackMrkdwn(renderPlace(view.line, view.environment));
  }
  if (view.state === "awaiting_approval" && view.approval !== undefined) {
    return approvalRequest(view.approval, view, now);
  }
  return undefined;
}

function approvalRequest(approval: ApprovalView, view: JobView, now: number): string {
  // GitHub logins and teams mean nobody in Slack: they are names here, never pings.
  const approvers = approval.approvers.map((entry) =>
    escapeSlack(truncateEnd(/^@[^/]+$/.test(entry) ? entry.slice(1) : entry, 60)),
  );
  const from = approvers.length === 0 ? "" : ` from ${joinOr(approvers, MAX_APPROVERS_SHOWN)}`;
  const noun = view.rollback === undefined ? TASK_NOUN[view.task] : "rollback";
  const orComment = view.pullRequest === undefined ? "" : " (or comments `/approve` on the pull request)";
  const left = approval.expiresAt - now;
  const lapse =
    left > 0
      ? `The request lapses in ${formatDuration(left)} (at ${formatTimestamp(approval.expiresAt)}) if nobody approves it.`
      : `The request lapsed at ${formatTimestamp(approval.expiresAt)}.`;
  return [
    `*Waiting for approval*${from}.`,
    `An approver presses *Approve* below${orComment} to let it run, or *Reject* to stop it. The requester cannot approve their own ${noun}.`,
    lapse,
  ].join("\n");
}
