import { isFinal, type JobView } from "../../../jobs/job-view.ts";
import { blockquote, escapeSentence, shortSha } from "../markdown.ts";
import { truncateEnd } from "../text.ts";
import { slackMrkdwn } from "./slack-mrkdwn.ts";
import { slackCode } from "./slack-text.ts";

const MAX_REASONS_SHOWN = 20;

/** What went wrong, quoted, for a job that ended without succeeding; undefined otherwise. */
export function slackProblem(view: JobView): string | undefined {
  if (view.problem === undefined || !isFinal(view.state) || view.state === "succeeded") return undefined;
  // The problem is Shipmate's sentence (`code` and **bold** allowed): read as GitHub reads it, then converted.
  const lines = truncateEnd(view.problem, 2000).split(/\r?\n/);
  if (view.state !== "refused") {
    const said = lines.filter((line) => line.trim() !== "");
    return slackMrkdwn(blockquote(said.map((line) => escapeSentence(line))));
  }
  const reasons = lines.map((line) => line.replace(/^\s*[-*]\s+/, "").trim()).filter((line) => line !== "");
  const shown = reasons.slice(0, MAX_REASONS_SHOWN).map((reason) => `- ${escapeSentence(reason)}`);
  const more = reasons.length - shown.length;
  if (more > 0) shown.push(`- … and ${more} more`);
  const intro = `Shipmate checked the gates again on the pinned ${slackCode(shortSha(view.sha))} when this job left the line, and did not run it:`;
  return [intro, slackMrkdwn(shown.join("\n"))].join("\n");
}

/** A warning that the pull request moved on after the command pinned its commit; undefined otherwise. */
export function slackHeadMoved(view: JobView): string | undefined {
  // A rollback deploys an earlier commit on purpose; a finished job's message need not warn any more.
  if (view.headMovedTo === undefined || view.rollback !== undefined || isFinal(view.state)) return undefined;
  return `⚠️ The PR head moved to ${slackCode(shortSha(view.headMovedTo))} after this command; Shipmate uses the pinned ${slackCode(shortSha(view.sha))}.`;
}
