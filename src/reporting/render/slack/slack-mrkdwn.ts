import { safeUrl } from "../markdown.ts";
import { escapeEntities, fitMrkdwn, slackCodeLine, withoutMentionGuards } from "./slack-text.ts";

/** Slack shows at most this much of a message's `text`; replies stay well under it. */
export const SLACK_REPLY_LIMIT = 12_000;

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/**
 * GitHub Markdown as Shipmate's renderers write it, as Slack mrkdwn: bold, links and code kept,
 * headings and table headers bold, table rows and list items as bullet lines, HTML dropped, and
 * everything else escaped for Slack. At most `max` characters.
 */
export function slackMrkdwn(markdown: string, max = SLACK_REPLY_LIMIT): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (fence !== undefined) {
      if (line.trim().startsWith(fence) && line.trim().replaceAll(fence[0] ?? "", "") === "") {
        out.push("```");
        fence = undefined;
      } else out.push(slackCodeLine(line));
      continue;
    }
    const open = FENCE_OPEN.exec(line)?.[1];
    if (open !== undefined) {
      fence = open;
      out.push("```");
    } else if (TABLE_ROW.test(line)) {
      const header = TABLE_SEPARATOR.test(lines[i + 1] ?? "");
      if (header) i++;
      out.push(tableLine(line, header));
    } else if (!TABLE_SEPARATOR.test(line) || !line.includes("|")) {
      out.push(...blockLine(line));
    }
  }
  if (fence !== undefined) out.push("```");
  return fitMrkdwn(collapseBlankLines(out).join("\n"), max);
}

function blockLine(line: string): string[] {
  if (/^\s*(?:<!--.*?-->\s*)+$/.test(line) || /^\s*<\/?details>\s*$/i.test(line)) return [];
  const summary = /^\s*(?:<details>)?\s*<summary>(.*)<\/summary>\s*$/i.exec(line);
  if (summary) return [bold(summary[1] ?? "")];
  const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
  if (heading) return [bold(heading[1] ?? "")];
  if (/^ {0,3}([-*_])(?:\s*\1){2,}\s*$/.test(line)) return [""];
  const quote = /^ {0,3}>\s?(.*)$/.exec(line);
  if (quote) {
    const inner = blockLine(quote[1] ?? "").join(" ");
    return [inner === "" ? ">" : `> ${inner}`];
  }
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return [`${bullet[1] ?? ""}• ${inline(bullet[2] ?? "")}`];
  const numbered = /^(\s*)(\d{1,9})[.)]\s+(.*)$/.exec(line);
  if (numbered) return [`${numbered[1] ?? ""}${numbered[2]}. ${inline(numbered[3] ?? "")}`];
  return [inline(line.trim())];
}

function bold(markdown: string): string {
  // Slack cannot nest bold: the inner `**` marks go.
  const inner = inline(markdown.replace(/(?<!\\)\*\*/g, "").trim());
  return inner === "" ? "" : `*${inner}*`;
}

function tableLine(line: string, header: boolean): string {
  const cells = splitCells(line).filter((cell) => cell !== "");
  return header ? cells.map(bold).join(" · ") : `• ${cells.map(inline).join(" · ")}`;
}

function splitCells(line: string): string[] {
  const row = line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  // GFM escapes a pipe in a cell as `\|`, even inside code spans.
  return row.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, "|").trim());
}

/** One line of inline Markdown as mrkdwn. */
function inline(text: string): string {
  let out = "";
  let plain = "";
  const flush = () => {
    out += escapeEntities(withoutMentionGuards(plain));
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    const next = text[i + 1] ?? "";
    if (c === "\\" && /[!-/:-@[-`{-~]/.test(next)) {
      plain += next;
      i += 2;
      continue;
    }
    const token =
      c === "`" ? codeSpan(text, i) : c === "[" ? link(text, i) : c === "<" ? html(text, i) : undefined;
    if (token !== undefined) {
      flush();
      out += token.mrkdwn;
      i = token.end;
    } else if (c === "*" && next === "*") {
      flush();
      out += "*";
      i += 2;
    } else {
      plain += c;
      i++;
    }
  }
  flush();
  return out;
}

interface Token {
  mrkdwn: string;
  end: number;
}

function codeSpan(text: string, start: number): Token | undefined {
  const run = /^`+/.exec(text.slice(start))?.[0].length ?? 1;
  const fence = "`".repeat(run);
  let close = text.indexOf(fence, start + run);
  // A longer run is not the closing fence: keep looking past it.
  while (close !== -1 && text[close + run] === "`") {
    close = text.indexOf(fence, close + (/^`+/.exec(text.slice(close))?.[0].length ?? run));
  }
  if (close === -1) return { mrkdwn: fence, end: start + run };
  let body = text.slice(start + run, close);
  if (body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "") body = body.slice(1, -1);
  const code = escapeEntities(withoutMentionGuards(body)).replace(/`/g, "\u02cb");
  return { mrkdwn: code.trim() === "" ? "` `" : `\`${code}\``, end: close + run };
}

function link(text: string, start: number): Token | undefined {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) break;
  }
  const destination = /^\(([^\s()]*)\)/.exec(text.slice(i + 1));
  if (i >= text.length || !destination) return undefined;
  const label = inline(text.slice(start + 1, i));
  const href = safeUrl(destination[1]);
  return {
    mrkdwn: href === undefined || label === "" ? label : `<${href}|${label}>`,
    end: i + 1 + destination[0].length,
  };
}

// Shipmate writes a few HTML bits for GitHub (a hidden marker, <details>); Slack shows none of them.
function html(text: string, start: number): Token | undefined {
  const rest = text.slice(start);
  const match = /^<!--[\s\S]*?-->/.exec(rest) ?? /^<\/?(?:details|summary|br)\s*\/?>/i.exec(rest);
  return match ? { mrkdwn: "", end: start + match[0].length } : undefined;
}

function collapseBlankLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  let inCode = false;
  for (const line of lines) {
    if (line === "```") inCode = !inCode;
    if (!inCode && line.trim() === "" && (out.length === 0 || out.at(-1)?.trim() === "")) continue;
    out.push(line);
  }
  while (out.length > 0 && out.at(-1)?.trim() === "") out.pop();
  return out;
}
