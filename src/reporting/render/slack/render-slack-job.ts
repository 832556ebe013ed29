import type { JobView } from "../../../jobs/job-view.ts";
import { slackJobBlockId } from "../../../slack/slack-actions.ts";
import type { SlackBlock } from "../../../slack/slack-client.ts";
import { renderHeadline } from "../status-headline.ts";
import { context, SLACK_TEXT_LIMIT, type SlackMessage, section } from "./slack-blocks.ts";
import { slackJobButtons } from "./slack-job-buttons.ts";
import { slackFacts } from "./slack-job-facts.ts";
import { slackHeadMoved, slackProblem } from "./slack-job-problem.ts";
import { slackWaiting } from "./slack-job-waiting.ts";
import { pullRequestUrl, repositoryRef } from "./slack-links.ts";
import { slackMrkdwn } from "./slack-mrkdwn.ts";
import { slackOutputTail } from "./slack-output.ts";
import { fitMrkdwn, slackLink } from "./slack-text.ts";

/** Lines of output the live message shows; a failure's thread reply has more. */
export const LIVE_OUTPUT_LINES = 20;

/**
 * A job's live Slack message, edited in place as the job moves: headline, why it waits, what went
 * wrong, facts, the last lines of output, and the buttons its state allows. Its first block's
 * `block_id` names the job (slackJobBlockId). `logUrl`, the job page's link, is offered when lines were left out.
 */
export function renderSlackJob(view: JobView, now: number, logUrl?: string): SlackMessage {
  const headline = `${slackMrkdwn(renderHeadline(view), 1_000)} · ${repositoryRef(view)}`;
  const blocks: SlackBlock[] = [section(headline, slackJobBlockId(view.id))];
  for (const part of [slackWaiting(view, now), slackProblem(view), slackHeadMoved(view)]) {
    if (part !== undefined && part !== "") blocks.push(section(part));
  }
  blocks.push(section(slackFacts(view, now).join("\n")));
  const tail = slackOutputTail(view.output, {
    maxLines: LIVE_OUTPUT_LINES,
    maxBlocks: 1,
    blockChars: SLACK_TEXT_LIMIT,
  });
  for (const code of tail.blocks) blocks.push(section(code));
  if (tail.omitted > 0) blocks.push(context(omittedNote(view, tail.omitted, logUrl)));
  const buttons = slackJobButtons(view);
  if (buttons !== undefined) blocks.push(buttons);
  return { text: fitMrkdwn(headline, SLACK_TEXT_LIMIT), blocks };
}

function omittedNote(view: JobView, omitted: number, logUrl: string | undefined): string {
  const lines = `… ${omitted.toLocaleString("en-US")} earlier ${omitted === 1 ? "line" : "lines"} not shown`;
  // The job's page holds the whole log: a better place to send people than the same tail elsewhere.
  const full = slackLink("full log", logUrl);
  if (full.startsWith("<")) return `${lines}: ${full}`;
  const places: [string, string | undefined][] = [
    ["the pull request", pullRequestUrl(view)],
    ["the deployment", view.deploymentUrl],
  ];
  const more = places.map(([label, url]) => slackLink(label, url)).filter((link) => link.startsWith("<"));
  return more.length === 0 ? lines : `${lines}; more on ${more.join(" and ")}`;
}
