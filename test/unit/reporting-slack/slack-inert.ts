/** Checks that Slack mrkdwn built from hostile text is inert: only Shipmate's own links and markup. */

const ZWJ = "\u200d";
// Links Shipmate itself writes in the tests: to the test repository, its GitHub host and test URLs.
const OWN_LINK = /<https:\/\/(?:github\.com|staging\.example\.com|s\.example)\/[^<>|\s]*\|[^<>]*>/g;

/** What in `mrkdwn` could ping, link or format as Slack syntax; [] when it is inert. */
export function slackProblems(mrkdwn: string): string[] {
  const text = mrkdwn.replace(OWN_LINK, "");
  const problems: string[] = [];
  if (/<[!@#]/.test(text)) problems.push("a Slack mention or channel link");
  if (text.includes("<")) problems.push("a raw <");
  if (/(?<!^)>/m.test(text.replace(/^> /gm, ""))) problems.push("a raw >");
  for (const match of text.matchAll(/@(?!\u200d)(here|channel|everyone|[A-Za-z0-9][\w-]*)/g)) {
    problems.push(`a bare @${match[1]}`);
  }
  if (/&(?!amp;|lt;|gt;)/.test(text)) problems.push("a raw &");
  return problems;
}

/** The characters a neutralised mention adds, for exact expectations. */
export const NEUTRAL_AT = `@${ZWJ}`;
