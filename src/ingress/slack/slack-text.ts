/** The longest command text recorded: the intake job schema caps `text` at the same length. */
export const MAX_COMMAND_TEXT = 2_000;

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/**
 * Slack's message markup back to what the person typed: `<mailto:a@b.io|a@b.io>` and `<https://x|label>`
 * become their label, `<https://x>` its URL, `<#C1|deploys>` `#deploys`, and `&lt; &gt; &amp;` their
 * characters. Slack links anything that looks like an address, so `owner/repo@v1.2` can arrive wrapped.
 */
export function normaliseSlackText(text: string): string {
  const unwrapped = text.replace(/<([^<>]*)>/g, (whole, inner: string) => {
    const [target = "", label] = splitOnce(inner, "|");
    if (target.startsWith("#C") || target.startsWith("#G")) return `#${label ?? target.slice(1)}`;
    // A person stays as Slack wrote them: only the bot's own mention is taken out, by mentionText.
    if (target.startsWith("@") || target.startsWith("!")) return whole;
    return label ?? target.replace(/^mailto:/, "");
  });
  return unwrapped.replace(/&(?:lt|gt|amp);/g, (entity) => ENTITIES[entity] ?? entity).trim();
}

/**
 * What a mention asks for: the text after the bot's own `<@BOT>` (or before it, when nothing follows),
 * so "hey <@BOT> deploy x" and "<@BOT> deploy x" both read "deploy x". Without the bot's id, a leading
 * user mention is taken to be the bot's: Slack only sends `app_mention` when the bot was mentioned.
 */
export function mentionText(raw: string, botUserId: string | undefined): string {
  const mention = botUserId
    ? new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`)
    : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  const found = mention.exec(raw);
  if (!found) return normaliseSlackText(raw);
  const after = raw.slice(found.index + found[0].length);
  const before = raw.slice(0, found.index);
  const chosen = after.trim() !== "" ? after : before;
  // Other mentions of the bot (say, "<@BOT> deploy … cc <@BOT>") are not words of the command.
  const bot = botUserId ? new RegExp(mention.source, "g") : undefined;
  return normaliseSlackText(bot ? chosen.replace(bot, "") : chosen);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
