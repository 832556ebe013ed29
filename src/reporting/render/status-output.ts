import { cleanTerminalText, codeBlock } from "./markdown.ts";
import { tailLines } from "./text.ts";

/** At most this many lines of output are shown; the job's own log holds the rest. */
export const OUTPUT_MAX_LINES = 200;

/**
 * The collapsed "Output (last N lines)" section, at most `budget` characters long,
 * or "" when there is no output or no room for any.
 */
export function renderOutputSection(output: string, budget: number): string {
  const text = cleanTerminalText(output);
  if (text === "") return "";
  let room = budget;
  while (room > 0) {
    const section = renderTail(text, room);
    if (section.length <= budget) return section;
    // The fence grows with the longest backtick run kept, so shrink by the overshoot and try again.
    room -= section.length - budget;
  }
  return "";
}

function renderTail(text: string, room: number): string {
  const tail = tailLines(text, OUTPUT_MAX_LINES, room);
  const count = tail.lines.length;
  const omitted =
    tail.omitted > 0
      ? [
          `… ${tail.omitted.toLocaleString("en-US")} earlier ${tail.omitted === 1 ? "line" : "lines"} not shown`,
          "",
        ]
      : [];
  return [
    `<details><summary>Output (last ${count} ${count === 1 ? "line" : "lines"})</summary>`,
    "",
    ...omitted,
    codeBlock(tail.lines.join("\n")),
    "",
    "</details>",
  ].join("\n");
}
