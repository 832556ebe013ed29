import type { JobView } from "../../../jobs/job-view.ts";
import { TASK_NOUN } from "../job-summary.ts";
import { shortSha } from "../markdown.ts";
import { DROPPED_NOTE } from "../status-output.ts";
import { SLACK_TEXT_LIMIT, type SlackMessage, section } from "./slack-blocks.ts";
import { slackOutputTail } from "./slack-output.ts";
import { slackCode, slackLink } from "./slack-text.ts";

/** At most this many lines, in at most four code blocks: one reply, never a flood. */
export const DETAILS_OUTPUT_LINES = 200;
const DETAILS_BLOCKS = 4;

/**
 * The thread reply that shows more of a job's output than its live message; undefined without output.
 * When lines were left out and the job's page has a link (`logUrl`), the heading links to it.
 */
export function renderSlackDetails(view: JobView, logUrl?: string): SlackMessage | undefined {
  const tail = slackOutputTail(view.output, {
    maxLines: DETAILS_OUTPUT_LINES,
    maxBlocks: DETAILS_BLOCKS,
    blockChars: SLACK_TEXT_LIMIT,
  });
  if (tail.blocks.length === 0) return undefined;
  const noun = view.rollback === undefined ? TASK_NOUN[view.task] : "rollback";
  const lines = `${tail.shown} ${tail.shown === 1 ? "line" : "lines"}`;
  const earlier = tail.omitted > 0 ? ` (${tail.omitted.toLocaleString("en-US")} earlier not shown)` : "";
  const cut = tail.omitted > 0 || DROPPED_NOTE.test(view.output);
  const full = cut && logUrl !== undefined ? ` · ${slackLink("Full log", logUrl)}` : "";
  const heading = `*Output* of the ${noun} of ${slackCode(shortSha(view.sha))}: the last ${lines}${earlier}${full}`;
  return { text: heading, blocks: [section(heading), ...tail.blocks.map((code) => section(code))] };
}
