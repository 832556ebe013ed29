import { isFinal, type JobView } from "../../jobs/job-view.ts";
import { formatDuration } from "../../shared/format-duration.ts";
import { inlineCode, link, shortSha } from "./markdown.ts";
import { mention, personName } from "./people.ts";
import { parsePlanSummary, renderPlanSummary } from "./plan-summary.ts";
import { renderEnvironmentName } from "./status-headline.ts";
import { truncateEnd, truncateMiddle } from "./text.ts";

const MAX_PARAMS_SHOWN = 20;

/** The bullet facts under a status comment's headline: who, where, what, how long. */
export function renderFacts(view: JobView, now: number): string[] {
  // The requester is mentioned on purpose (they want to hear back); people named after them are not.
  const facts = [`Requested by ${mention(view.actor)}`];
  if (view.approval?.approvedBy !== undefined)
    facts.push(`Approved by ${personName(view.approval.approvedBy)}`);
  const stopped = renderStoppedBy(view);
  if (stopped !== undefined) facts.push(stopped);
  if (view.environment !== "") {
    facts.push(`Environment: ${link(renderEnvironmentName(view.environment), view.environmentUrl)}`);
  }
  facts.push(`Commit: ${renderCommit(view)}`);
  if (view.rollback !== undefined) facts.push(renderRollbackFrom(view, view.rollback.fromSha));
  const params = renderParams(view.params);
  if (params !== undefined) facts.push(`Parameters: ${params}`);
  // What a plan would change (or an apply changed), as the tool itself summed it up in its output.
  const summary = view.task === "provision" ? parsePlanSummary(view.output) : undefined;
  if (summary !== undefined) facts.push(renderPlanSummary(summary));
  const duration = renderDuration(view, now);
  if (duration !== undefined) facts.push(duration);
  const exit = renderExit(view);
  if (exit !== undefined) facts.push(exit);
  if (view.deploymentUrl !== undefined) facts.push(link("View deployment", view.deploymentUrl));
  return facts;
}

function renderStoppedBy(view: JobView): string | undefined {
  const rejectedBy = view.approval?.rejectedBy;
  if (rejectedBy !== undefined) return `Rejected by ${personName(rejectedBy)}`;
  if (view.state !== "cancelled" || view.cancelledBy === undefined) return undefined;
  // The problem text may already say who cancelled; the comment says it once.
  const said = view.problem?.toLowerCase() ?? "";
  const by = view.cancelledBy.toLowerCase();
  if (said.includes(`cancelled by @${by}`) || said.includes(`cancelled by ${by}`)) return undefined;
  return `Cancelled by ${personName(view.cancelledBy)}`;
}

function commitUrl(view: JobView, sha: string): string {
  return `${view.repository.htmlUrl.replace(/\/+$/, "")}/commit/${encodeURIComponent(sha)}`;
}

function renderCommit(view: JobView): string {
  const sha = link(inlineCode(shortSha(view.sha)), commitUrl(view, view.sha));
  if (view.ref === "" || view.ref === view.sha) return sha;
  return `${inlineCode(truncateMiddle(view.ref, 100))} at ${sha}`;
}

function renderRollbackFrom(view: JobView, fromSha: string): string {
  const verb =
    view.state === "succeeded"
      ? "Rolled back from"
      : isFinal(view.state)
        ? "Rollback from"
        : "Rolling back from";
  return `${verb} ${link(inlineCode(shortSha(fromSha)), commitUrl(view, fromSha))}`;
}

function renderParams(params: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return undefined;
  const shown = entries
    .slice(0, MAX_PARAMS_SHOWN)
    .map(([key, value]) => inlineCode(`${truncateEnd(key, 40)}=${truncateMiddle(value, 80)}`));
  const more = entries.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

function renderDuration(view: JobView, now: number): string | undefined {
  if (view.state === "queued" || view.state === "awaiting_approval") {
    return `Waiting: ${formatDuration(now - view.queuedAt)} so far`;
  }
  if (view.startedAt === undefined) return undefined;
  if (view.state === "running") return `Duration: ${formatDuration(now - view.startedAt)} so far`;
  if (view.finishedAt === undefined) return undefined;
  return `Duration: ${formatDuration(view.finishedAt - view.startedAt)}`;
}

function renderExit(view: JobView): string | undefined {
  if (!isFinal(view.state) || view.state === "succeeded") return undefined;
  if (view.exitCode === null) return "Exit: stopped by a signal";
  if (view.exitCode === undefined || view.exitCode === 0) return undefined;
  return `Exit code: ${view.exitCode}`;
}
