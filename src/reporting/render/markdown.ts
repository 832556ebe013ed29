/**
 * Every rule for putting text Shipmate did not write into GitHub Markdown lives here,
 * so a reviewer can check the escaping in one file.
 */

const ZERO_WIDTH_JOINER = "\u200d";
// C0/C1 controls (tab and newline excepted) and bidi overrides, which can make text read unlike what it is.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI_SEQUENCES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// Characters with inline meaning anywhere in a line; `$` is GitHub's math delimiter.
const INLINE_SPECIALS = /[\\`*_{}[\]<>#!~&$]/g;
// Characters that start a block (list, setext underline, ordered list) only at the start of a line.
const BLOCK_START = /^(\s*\d*)([-+=]|(?<=\d)[.)])/;

/** Removes control and bidi characters and turns line breaks into spaces. */
export function toOneLine(text: string): string {
  return text.replace(LINE_BREAKS, " ").replace(UNSAFE_CHARS, "");
}

/** Stops `@login` and `@org/team` in user text from pinging anyone, without changing how it reads. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_JOINER}`);
}

/** Plain text (one line) that renders as itself: no formatting, no HTML, no mentions. */
export function escapeMarkdown(text: string): string {
  return escapeInline(text).replace(BLOCK_START, "$1\\$2");
}

// Escapes for text that does not start a line, where list and heading markers mean nothing.
function escapeInline(text: string): string {
  // Markdown collapses whitespace anyway; collapsing it here also rules out indented code blocks.
  const flat = toOneLine(text).replace(/\s+/g, " ");
  return neutraliseMentions(flat.replace(INLINE_SPECIALS, (c) => `\\${c}`));
}

/**
 * Text Shipmate wrote, which may mark `code` and **bold** and nothing else: those spans keep
 * their meaning, and everything else (including names and values spliced into it) is plain text.
 */
export function escapeSentence(text: string): string {
  return toOneLine(text)
    .split(/(`[^`]+`|\*\*[^*]+\*\*)/)
    .map((part, i) => {
      if (i % 2 === 0) return i === 0 ? escapeMarkdown(part) : escapeInline(part);
      if (part.startsWith("`")) return inlineCode(part.slice(1, -1));
      const inner = escapeMarkdown(part.slice(2, -2).trim());
      return inner === "" ? "" : `**${inner}**`;
    })
    .join("");
}

/** One line of text as a code span, fenced with more backticks than any run inside it. */
export function inlineCode(text: string): string {
  const body = toOneLine(text);
  if (body === "") return "` `";
  const fence = "`".repeat(longestBacktickRun(body) + 1);
  // CommonMark strips one space from each side when both are present, and a backtick next to the fence would join it.
  const pad =
    body.startsWith("`") ||
    body.endsWith("`") ||
    (body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "")
      ? " "
      : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block that no line of `text` can close early. */
export function codeBlock(text: string, language = ""): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return `${fence}${language.replace(/[^A-Za-z0-9+-]/g, "")}\n${body}\n${fence}`;
}

/** Terminal output made safe to show: no ANSI codes, carriage-return redraws resolved, no control characters. */
export function cleanTerminalText(text: string): string {
  // Line by line rather than one regex over the whole text: output can be megabytes on a single line.
  return text
    .replace(ANSI_SEQUENCES, "")
    .split("\n")
    .map((line) => (line.includes("\r") ? (line.split("\r").findLast((part) => part !== "") ?? "") : line))
    .join("\n")
    .replace(UNSAFE_CHARS, "")
    .trimEnd();
}

/** An http(s) URL made safe for a Markdown link destination, or undefined for anything else. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
  return parsed.href.replace(
    /[()[\]|\\<>"`\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** `label` (already Markdown) linked to `url`, or just `label` when the URL is missing or unsafe. */
export function link(label: string, url: string | undefined): string {
  const href = safeUrl(url);
  return href === undefined ? label : `[${label}](${href})`;
}

/** Markdown (already escaped) made safe inside a GFM table cell, where a bare `|` ends the cell even in code. */
export function tableCell(markdown: string): string {
  return markdown.replace(/\|/g, "\\|");
}

/** Markdown lines (already escaped) as a blockquote. */
export function blockquote(lines: readonly string[]): string {
  return lines.map((line) => (line === "" ? ">" : `> ${line}`)).join("\n");
}

/** The first seven characters of a commit SHA, as GitHub shows it. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
