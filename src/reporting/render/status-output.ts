import { cleanTerminalText, codeBlock, safeUrl } from "./markdown.ts";
import { tailOfLines } from "./text.ts";

/** At most this many lines of output are shown; the job's own log holds the rest. */
export const OUTPUT_MAX_LINES = 200;

/**
 * The collapsed "Output (last N lines)" section, at most `budget` characters long,
 * or "" when there is no output or no room for any. When lines were left out and the job's
 * page has a link (`logUrl`), a "Full log" link follows it.
 */
export function renderOutputSection(output: string, budget: number, logUrl?: string): string {
  const text = cleanTerminalText(output);
  if (text === "") return "";
  const lines = text.split("\n");
  let room = budget;
  while (room > 0) {
    const section = renderTail(lines, room, safeUrl(logUrl));
    if (section.length <= budget) return section;
    // The fence is as long as the longest backtick run kept, so a cut can cost up to three times its
    // length: shrink by a third of the overshoot, which never gives away more than needed.
    room -= Math.max(1, Math.ceil((section.length - budget) / 3));
  }
  return "";
}

/** The worker's own note, first in an output it had to cut (executors/process/output-tail.ts). */
export const DROPPED_NOTE = /^\[shipmate: (\d+) bytes of earlier output dropped\]/;

/**
 * What the cut left out. When the worker's own note that it dropped output is among the hidden lines,
 * its bytes are told too: "3 earlier lines" would understate a task that printed 50 MB.
 */
function omittedLine(count: number, firstLine: string): string {
  const dropped = Number(DROPPED_NOTE.exec(firstLine)?.[1] ?? 0);
  const lines = dropped > 0 ? count - 1 : count;
  const shown = `… ${lines.toLocaleString("en-US")} earlier ${lines === 1 ? "line" : "lines"} not shown`;
  return dropped > 0
    ? `${shown}, and ${dropped.toLocaleString("en-US")} bytes before them were not kept`
    : shown;
}

function renderTail(lines: readonly string[], room: number, logUrl: string | undefined): string {
  const tail = tailOfLines(lines, OUTPUT_MAX_LINES, room);
  const count = tail.lines.length;
  const omitted = tail.omitted > 0 ? [omittedLine(tail.omitted, lines[0] ?? ""), ""] : [];
  return [
    `<details><summary>Output (last ${count} ${count === 1 ? "line" : "lines"})</summary>`,
    "",
    ...omitted,
    codeBlock(tail.lines.join("\n")),
    "",
    "</details>",
    ...(logUrl !== undefined && (tail.omitted > 0 || DROPPED_NOTE.test(lines[0] ?? ""))
      ? ["", `[Full log](${logUrl})`]
      : []),
  ].join("\n");
}
