/** Text a person controls (a lock reason, an environment name, a login from another surface) at its worst. */
import { markdownText } from "./markdown-probe.ts";

export const HOSTILE: readonly { name: string; text: string }[] = [
  { name: "backticks", text: "``` `x` `` a`" },
  { name: "an HTML comment", text: "<!-- hidden --> <!--" },
  { name: "mentions", text: "@everyone @acme/admins" },
  { name: "a javascript link", text: "[click](javascript:alert(1))" },
  { name: "an image with a handler", text: "<img src=x onerror=alert(1)>" },
  { name: "new blocks", text: "x\n\n# Heading\n- item\n> quote" },
  { name: "pipes", text: "a|b|c" },
  { name: "bidi and control characters", text: "\u202eevil\u0007" },
  { name: "emphasis and math", text: "**bold** _it_ $x$ ~~s~~" },
  { name: "a very long string", text: `${"long ".repeat(2_000)}END` },
];

// A character preceded by an even number of backslashes (none included) is not escaped.
const UNESCAPED = (char: string): RegExp => new RegExp(`(?<!\\\\)(?:\\\\\\\\)*\\${char}`);

// What Shipmate itself puts in a status comment: its marker line and links to the repository's commits.
const OWN_MARKER = /^<!-- shipmate:job:[^\s>]+ -->$/gm;
const OWN_LINKS = /\[[^\]]*\]\(https:\/\/github\.com\/acme\/web\/[^)\s]*\)/g;

/**
 * What in `markdown` (outside code) could render as something other than text, besides Shipmate's own
 * marker, links to the test repository and mentions of `allowedMentions`; [] when it is inert.
 */
export function inertProblems(markdown: string, allowedMentions: readonly string[] = []): string[] {
  const text = markdownText(markdown).replace(OWN_MARKER, "").replace(OWN_LINKS, "");
  const problems: string[] = [];
  if (UNESCAPED("<").test(text)) problems.push("raw HTML");
  if (UNESCAPED("[").test(text)) problems.push("a link or image");
  for (const match of text.matchAll(/@(?!\u200d)([A-Za-z0-9][A-Za-z0-9-]*(?:\/[\w-]+)?)/g)) {
    if (!allowedMentions.includes(match[1] ?? "")) problems.push(`a mention of @${match[1]}`);
  }
  return problems;
}
