/** Plain-text helpers for renderers: truncation, tails and durations. None of them escape anything. */

const ELLIPSIS = "…";

/** `text` cut to at most `max` characters, keeping its start. */
export function truncateEnd(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${withoutBrokenPairs(text.slice(0, Math.max(0, max - 1)))}${ELLIPSIS}`;
}

/** `text` cut to at most `max` characters, keeping its start and its end. */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - 1);
  const head = Math.ceil(room / 2);
  return `${withoutBrokenPairs(text.slice(0, head))}${ELLIPSIS}${withoutBrokenPairs(text.slice(text.length - (room - head)))}`;
}

/** `text` cut to at most `max` characters, keeping its end. */
export function truncateStart(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${ELLIPSIS}${withoutBrokenPairs(text.slice(text.length - Math.max(0, max - 1)))}`;
}

/** The last lines of a text and how many earlier ones were left out. */
export interface TextTail {
  lines: string[];
  omitted: number;
}

/** The last lines of `text` that fit in `maxLines` lines and `maxChars` characters (joined with newlines). */
export function tailLines(text: string, maxLines: number, maxChars: number): TextTail {
  return tailOfLines(text.split("\n"), maxLines, maxChars);
}

/** The last of `all` that fit in `maxLines` lines and `maxChars` characters (joined with newlines). */
export function tailOfLines(all: readonly string[], maxLines: number, maxChars: number): TextTail {
  let start = all.length;
  let used = 0;
  while (start > 0 && all.length - start < maxLines) {
    const cost = (all[start - 1] ?? "").length + (start === all.length ? 0 : 1);
    if (used + cost > maxChars) break;
    used += cost;
    start--;
  }
  if (start === all.length && maxLines > 0 && maxChars > 0) {
    // Not even the last line fits whole: its end is what a reader of a failed run needs.
    return { lines: [truncateStart(all.at(-1) ?? "", maxChars)], omitted: all.length - 1 };
  }
  return { lines: all.slice(start), omitted: start };
}

/** An English ordinal: `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`, `111th`. */
export function ordinal(n: number): string {
  const lastTwo = Math.abs(n) % 100;
  const last = Math.abs(n) % 10;
  const suffix =
    lastTwo >= 11 && lastTwo <= 13 ? "th" : last === 1 ? "st" : last === 2 ? "nd" : last === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}

/** A moment as `2024-05-01 14:05 UTC`: unlike "in 5m", it stays true in a comment nobody re-renders. */
export function formatTimestamp(ms: number): string {
  // Dates beyond ±8.64e15 ms make toISOString throw.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return "an unknown time";
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

// A cut between the two halves of a surrogate pair would leave a lone half that renders as garbage.
function withoutBrokenPairs(text: string): string {
  return text.replace(/^[\udc00-\udfff]|[\ud800-\udbff]$/g, "");
}
