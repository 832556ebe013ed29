import { cleanTerminalText } from "../markdown.ts";
import { truncateStart } from "../text.ts";
import { slackCodeLine } from "./slack-text.ts";

/** The end of a job's output as code blocks, and how many earlier lines were left out. */
export interface SlackOutputTail {
  /** Each a whole code block (fences included), oldest first. */
  blocks: string[];
  shown: number;
  omitted: number;
}

export interface TailLimits {
  maxLines: number;
  maxBlocks: number;
  /** Characters per code block, fences included (Slack's limit is per text object). */
  blockChars: number;
}

const FENCES = "```\n\n```".length;

/** The last lines of (already masked) output that fit the limits, escaped for Slack. */
export function slackOutputTail(output: string, limits: TailLimits): SlackOutputTail {
  const text = cleanTerminalText(output);
  if (text === "") return { blocks: [], shown: 0, omitted: 0 };
  const lines = text.split("\n");
  const room = limits.blockChars - FENCES;
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let used = 0;
  let shown = 0;
  for (let i = lines.length - 1; i >= 0 && shown < limits.maxLines; i--) {
    const line = fitLine(lines[i] ?? "", room);
    const cost = line.length + (chunk.length === 0 ? 0 : 1);
    if (used + cost > room) {
      if (chunks.length + 1 >= limits.maxBlocks) break;
      chunks.push(chunk);
      chunk = [];
      used = 0;
    }
    chunk.unshift(line);
    used += line.length + (chunk.length === 1 ? 0 : 1);
    shown++;
  }
  if (chunk.length > 0) chunks.push(chunk);
  const blocks = chunks.reverse().map((c) => `\`\`\`\n${c.join("\n")}\n\`\`\``);
  return { blocks, shown, omitted: lines.length - shown };
}

// A line longer than a whole block keeps its end, which is where a failure usually says what went wrong.
function fitLine(raw: string, room: number): string {
  let keep = Math.min(raw.length, room);
  let line = slackCodeLine(truncateStart(raw, keep));
  // Escaping makes a character up to five long, so each step cuts a fifth of the overshoot at least.
  while (line.length > room && keep > 1) {
    keep = Math.max(1, keep - Math.ceil((line.length - room) / 5));
    line = slackCodeLine(truncateStart(raw, keep));
  }
  return line;
}
