import { isFinal, type JobView } from "../../../jobs/job-view.ts";
import { formatDuration } from "../../../shared/format-duration.ts";
import { shortSha } from "../markdown.ts";
import { truncateEnd, truncateMiddle } from "../text.ts";
import { commitUrl, githubPerson, repositoryRef } from "./slack-links.ts";
import { escapeSlack, slackBold, slackCode, slackLink } from "./slack-text.ts";

const MAX_PARAMS_SHOWN = 10;

/** The fact lines under a live message's headline: who, where, what, how long, and links. */
export function slackFacts(view: JobView, now: number): string[] {
  const facts = [`Requested by ${githubPerson(view, view.actor)}`];
  if (view.approval?.approvedBy !== undefined) {
    facts.push(`Approved by ${githubPerson(view, view.approval.approvedBy)}`);
  }
  const stopped = stoppedBy(view);
  if (stopped !== undefined) facts.push(stopped);
  facts.push(`${view.pullRequest === undefined ? "Repository" : "Pull request"}: ${repositoryRef(view)}`);
  if (view.environment !== "") facts.push(`Environment: ${environment(view)}`);
  facts.push(`Commit: ${commit(view)}`);
  if (view.rollback !== undefined) {
    const verb =
      view.state === "succeeded"
        ? "Rolled back from"
        : isFinal(view.state)
          ? "Rollback from"
          : "Rolling back from";
    facts.push(
      `${verb} ${slackLink(shortSha(view.rollback.fromSha), commitUrl(view, view.rollback.fromSha))}`,
    );
  }
  const params = parameters(view.params);
  if (params !== undefined) facts.push(`Parameters: ${params}`);
  const time = duration(view, now);
  if (time !== undefined) facts.push(time);
  const exit = exitFact(view);
  if (exit !== undefined) facts.push(exit);
  if (view.deploymentUrl !== undefined) facts.push(slackLink("View deployment", view.deploymentUrl));
  return facts;
}

function stoppedBy(view: JobView): string | undefined {
  const rejectedBy = view.approval?.rejectedBy;
  if (rejectedBy !== undefined) return `Rejected by ${githubPerson(view, rejectedBy)}`;
  if (view.state !== "cancelled" || view.cancelledBy === undefined) return undefined;
  return `Cancelled by ${githubPerson(view, view.cancelledBy)}`;
}

function environment(view: JobView): string {
  const name = truncateEnd(view.environment.trim(), 100);
  const linked = slackLink(escapeSlack(name), view.environmentUrl);
  return linked === escapeSlack(name) ? slackBold(name) : `*${linked}*`;
}

function commit(view: JobView): string {
  const sha = slackLink(shortSha(view.sha), commitUrl(view, view.sha));
  if (view.ref === "" || view.ref === view.sha) return sha;
  return `${slackCode(truncateMiddle(view.ref, 100))} at ${sha}`;
}

function parameters(params: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return undefined;
  const shown = entries
    .slice(0, MAX_PARAMS_SHOWN)
    .map(([key, value]) => slackCode(`${truncateEnd(key, 40)}=${truncateMiddle(value, 80)}`));
  const more = entries.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

function duration(view: JobView, now: number): string | undefined {
  if (view.state === "queued" || view.state === "awaiting_approval") {
    return `Waiting: ${formatDuration(now - view.queuedAt)} so far`;
  }
  if (view.startedAt === undefined) return undefined;
  if (view.state === "running") return `Duration: ${formatDuration(now - view.startedAt)} so far`;
  if (view.finishedAt === undefined) return undefined;
  return `Duration: ${formatDuration(view.finishedAt - view.startedAt)}`;
}

function exitFact(view: JobView): string | undefined {
  if (!isFinal(view.state) || view.state === "succeeded") return undefined;
  if (view.exitCode === null) return "Exit: stopped by a signal";
  if (view.exitCode === undefined || view.exitCode === 0) return undefined;
  return `Exit code: ${view.exitCode}`;
}
