import type { SlackBlock } from "../../../slack/slack-client.ts";
import { truncateEnd } from "../text.ts";
import { fitMrkdwn } from "./slack-text.ts";

/** Slack refuses a text object longer than this. */
export const SLACK_TEXT_LIMIT = 3_000;

/** A message as Slack takes it: `text` for notifications, `blocks` for what people see. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

// `verbatim` stops Slack from turning bare `@here`, `#channel` or URLs in the text into anything.
function mrkdwn(text: string): SlackBlock {
  return { type: "mrkdwn", text: fitMrkdwn(text, SLACK_TEXT_LIMIT), verbatim: true };
}

/** A section of mrkdwn text, cut to Slack's limit. */
export function section(text: string, blockId?: string): SlackBlock {
  return { type: "section", ...(blockId === undefined ? {} : { block_id: blockId }), text: mrkdwn(text) };
}

/** A context block: one line of small grey mrkdwn. */
export function context(text: string): SlackBlock {
  return { type: "context", elements: [mrkdwn(text)] };
}

/** Plain text for buttons and dialogs, cut to `max` characters. */
export function plainText(text: string, max: number): SlackBlock {
  return { type: "plain_text", text: truncateEnd(text.replace(/\s+/g, " ").trim(), max), emoji: true };
}
