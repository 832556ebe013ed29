import { isFinal, type JobView } from "../../jobs/job-view.ts";
import { blockquote, escapeSentence, inlineCode, shortSha } from "./markdown.ts";
import { renderFacts } from "./status-facts.ts";
import { renderHeadline } from "./status-headline.ts";
import { statusCommentMarker } from "./status-marker.ts";
import { renderOutputSection } from "./status-output.ts";
import { renderWaiting } from "./status-waiting.ts";
import { truncateEnd } from "./text.ts";

/** GitHub rejects comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
// Headroom under GitHub's limit: it may count line endings as CRLF, and JS length is already >= code points.
const COMMENT_BUDGET = 60_000;
const MAX_REASONS_SHOWN = 20;

/**
 * The one PR comment per job, edited in place as the job moves; `now` is the current time in ms,
 * `logUrl` the job page's link, shown when the output had to be cut.
 */
export function renderStatusComment(view: JobView, now: number, logUrl?: string): string {
  const head = [
    statusCommentMarker(view.id),
    renderHeadline(view),
    ...section(renderWaiting(view, now)),
    ...section(renderProblem(view)),
    ...section(renderHeadMoved(view)),
    "",
    ...renderFacts(view, now).map((fact) => `- ${fact}`),
  ].join("\n");
  const output = renderOutputSection(view.output, COMMENT_BUDGET - head.length - 2, logUrl);
  return output === "" ? head : `${head}\n\n${output}`;
}

function section(markdown: string | undefined): string[] {
  return markdown === undefined ? [] : ["", markdown];
}

function renderProblem(view: JobView): string | undefined {
  if (view.problem === undefined || !isFinal(view.state) || view.state === "succeeded") return undefined;
  const lines = truncateEnd(view.problem, 2000).split(/\r?\n/);
  if (view.state === "refused") return renderRefusedReasons(view, lines);
  return blockquote(lines.map((line) => escapeSentence(line)));
}

// Quoted so the reasons' list cannot run on into the facts' list below it.
function renderRefusedReasons(view: JobView, lines: readonly string[]): string {
  const reasons = lines.map((line) => line.replace(/^\s*[-*]\s+/, "").trim()).filter((line) => line !== "");
  const shown = reasons.slice(0, MAX_REASONS_SHOWN).map((reason) => `- ${escapeSentence(reason)}`);
  const more = reasons.length - shown.length;
  if (more > 0) shown.push(`- … and ${more} more`);
  const intro = `Shipmate checked the gates again on the pinned ${inlineCode(shortSha(view.sha))} when this job left the line, and did not run it:`;
  return blockquote([intro, ...shown]);
}

function renderHeadMoved(view: JobView): string | undefined {
  // A rollback deploys an earlier commit on purpose: the PR head is not what it is about.
  if (view.headMovedTo === undefined || view.rollback !== undefined) return undefined;
  const deploy = view.task === "deploy";
  const pinned = `Shipmate ${pinnedVerb(view)} the pinned ${inlineCode(shortSha(view.sha))}.`;
  const again = `/${view.task}${view.environment === "" ? "" : ` ${truncateEnd(view.environment, 100)}`}`;
  const rerun =
    view.task === "check"
      ? ""
      : ` Run ${inlineCode(again)} again to ${deploy ? "ship" : "use"} the new head.`;
  return blockquote([
    `⚠️ The PR head moved to ${inlineCode(shortSha(view.headMovedTo))} after this command; ${pinned}${rerun}`,
  ]);
}

function pinnedVerb(view: JobView): string {
  const deploy = view.task === "deploy";
  switch (view.state) {
    case "awaiting_approval":
    case "queued":
      return deploy ? "will deploy" : "will run";
    case "running":
      return deploy ? "is deploying" : "is running";
    case "succeeded":
      return deploy ? "deployed" : "ran";
    default:
      return "used";
  }
}
