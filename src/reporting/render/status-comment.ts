import { isFinal, type JobView } from "../../jobs/job-view.ts";
import { blockquote, escapeMarkdown, escapeSentence, inlineCode, link, shortSha } from "./markdown.ts";
import { renderEnvironmentName, renderHeadline } from "./status-headline.ts";
import { statusCommentMarker } from "./status-marker.ts";
import { renderOutputSection } from "./status-output.ts";
import { formatDuration, truncateEnd, truncateMiddle } from "./text.ts";

/** GitHub rejects comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
// Headroom under GitHub's limit: it may count line endings as CRLF, and JS length is already >= code points.
const COMMENT_BUDGET = 60_000;
const MAX_PARAMS_SHOWN = 20;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/** The one PR comment per job, edited in place as the job moves; `now` is the current time in ms. */
export function renderStatusComment(view: JobView, now: number): string {
  const head = [
    statusCommentMarker(view.id),
    renderHeadline(view),
    ...section(renderProblem(view)),
    ...section(renderHeadMoved(view)),
    "",
    ...renderFacts(view, now).map((fact) => `- ${fact}`),
  ].join("\n");
  const output = renderOutputSection(view.output, COMMENT_BUDGET - head.length - 2);
  return output === "" ? head : `${head}\n\n${output}`;
}

function section(markdown: string | undefined): string[] {
  return markdown === undefined ? [] : ["", markdown];
}

function renderProblem(view: JobView): string | undefined {
  if (view.problem === undefined || !isFinal(view.state) || view.state === "succeeded") return undefined;
  const lines = truncateEnd(view.problem, 2000).split(/\r?\n/);
  return blockquote(lines.map((line) => escapeSentence(line)));
}

function renderHeadMoved(view: JobView): string | undefined {
  if (view.headMovedTo === undefined) return undefined;
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

function renderFacts(view: JobView, now: number): string[] {
  const facts = [`Requested by ${renderActor(view.actor)}`];
  if (view.environment !== "") {
    facts.push(`Environment: ${link(renderEnvironmentName(view.environment), view.environmentUrl)}`);
  }
  facts.push(`Commit: ${renderCommit(view)}`);
  const params = renderParams(view.params);
  if (params !== undefined) facts.push(`Parameters: ${params}`);
  const duration = renderDuration(view, now);
  if (duration !== undefined) facts.push(duration);
  const exit = renderExit(view);
  if (exit !== undefined) facts.push(exit);
  if (view.deploymentUrl !== undefined) facts.push(link("View deployment", view.deploymentUrl));
  return facts;
}

function renderActor(actor: string): string {
  // A real login is mentioned on purpose (the requester wants to hear back); anything else is only text.
  return GITHUB_LOGIN.test(actor) ? `@${actor}` : escapeMarkdown(truncateEnd(actor, 60));
}

function renderCommit(view: JobView): string {
  const base = view.repository.htmlUrl.replace(/\/+$/, "");
  const sha = link(inlineCode(shortSha(view.sha)), `${base}/commit/${encodeURIComponent(view.sha)}`);
  if (view.ref === "" || view.ref === view.sha) return sha;
  return `${inlineCode(truncateMiddle(view.ref, 100))} at ${sha}`;
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
  if (view.state === "queued") return `Waiting: ${formatDuration(now - view.queuedAt)} so far`;
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
