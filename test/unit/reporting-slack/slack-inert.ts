/**
 * Checks that Slack mrkdwn built from hostile text is inert: only Shipmate's own links and markup.
 * Slack pings and links only its `<…>` forms (`<!here>`, `<@U…>`, `<#C…>`, `<url|label>`): a bare
 * `@here` or `@alice` is text, as Shipmate sends nothing with `link_names`.
 */

// Links Shipmate itself writes in the tests: to the test repository, its GitHub host and test URLs.
const OWN_LINK = /<https:\/\/(?:github\.com|staging\.example\.com|s\.example)\/[^<>|\s]*\|[^<>]*>/g;
// Characters nobody sees, which a reader copying code would carry into the command they type.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/;

/** What in `mrkdwn` could ping, link or format as Slack syntax, or spoil code copied from it; [] when it is inert. */
export function slackProblems(mrkdwn: string): string[] {
  const text = mrkdwn.replace(OWN_LINK, "");
  const problems: string[] = [];
  if (/<[!@#]/.test(text)) problems.push("a Slack mention or channel link");
  if (text.includes("<")) problems.push("a raw <");
  if (/(?<!^)>/m.test(text.replace(/^> /gm, ""))) problems.push("a raw >");
  if (/&(?!amp;|lt;|gt;)/.test(text)) problems.push("a raw &");
  if (inlineCode(text).some((span) => INVISIBLE.test(span))) problems.push("an invisible character in code");
  return problems;
}

/** The inline code spans of mrkdwn outside its code blocks. */
export function inlineCode(mrkdwn: string): string[] {
  return mrkdwn.split(/```[\s\S]*?```/).flatMap((part) => part.match(/`[^`\n]+`/g) ?? []);
}
