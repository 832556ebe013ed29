/**
 * Every rule for putting text into Slack mrkdwn lives here, so a reviewer can check the escaping in
 * one file. Slack gives meaning to `&`, `<` and `>` only (links, `<!here>`, `<@U…>` mentions), so
 * those are always escaped; mrkdwn text objects are sent `verbatim` and nothing is sent with
 * `link_names`, so bare `@here`, `@alice` or `#channel` stay text and need no guard.
 */
import { safeUrl, toOneLine } from "../markdown.ts";
import { truncateEnd } from "../text.ts";

const ZERO_WIDTH_SPACE = "\u200b";
// GitHub Markdown's guard against pings: a zero-width joiner after `@` (see neutraliseMentions).
const MENTION_GUARD = /@\u200d/g;
// A lookalike for a backtick inside an inline code span, which Slack cannot escape.
const MODIFIER_GRAVE = "\u02cb";

/** `&`, `<` and `>` as the entities Slack reads as text. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * GitHub Markdown's mention guards taken out: Slack needs none, and a guard inside code would be copied
 * with the command it shows and break it.
 */
export function withoutMentionGuards(text: string): string {
  return text.replace(MENTION_GUARD, "@");
}

/** Plain text (one line) that reads as itself in Slack: no links, no pings, no control characters. */
export function escapeSlack(text: string): string {
  return escapeEntities(toOneLine(text).replace(/\s+/g, " "));
}

/** Plain text in bold; an asterisk inside would end the bold early, so it becomes a lookalike. */
export function slackBold(text: string): string {
  const inner = escapeSlack(text).trim().replace(/\*/g, "\u2217");
  return inner === "" ? "" : `*${inner}*`;
}

/** One line of text as an inline code span. */
export function slackCode(text: string): string {
  const body = escapeSlack(text).replace(/`/g, MODIFIER_GRAVE);
  return body.trim() === "" ? "` `" : `\`${body}\``;
}

/** One line of a code block: escaped, and no run of backticks long enough to close the block. */
export function slackCodeLine(line: string): string {
  return escapeEntities(line).replace(/`(?=`)/g, `\`${ZERO_WIDTH_SPACE}`);
}

/** `label` (already mrkdwn) linked to `url`, or just `label` when the URL is missing or not http(s). */
export function slackLink(label: string, url: string | undefined): string {
  const href = safeUrl(url);
  return href === undefined || label === "" ? label : `<${href}|${label}>`;
}

/**
 * Mrkdwn cut to at most `max` characters without leaving half an entity, half a link or an open code
 * block behind, ending in `…`; unchanged when it already fits.
 */
export function fitMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  // Room for the ellipsis and a closing fence.
  let cut = truncateEnd(text, Math.max(1, max - 4)).slice(0, -1);
  cut = cut.replace(/&[a-z]{0,3}$/, "");
  if (cut.lastIndexOf("<") > cut.lastIndexOf(">")) cut = cut.slice(0, cut.lastIndexOf("<"));
  const fences = cut.match(/```/g)?.length ?? 0;
  return fences % 2 === 1 ? `${cut}…\n\`\`\`` : `${cut}…`;
}
