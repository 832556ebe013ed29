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

/** A duration as people read it: `<1s`, `45s`, `1m 05s`, `2h 03m 07s`, `3d 04h 05m`. */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) ? Math.floor(Math.max(0, ms) / 1000) : 0;
  if (total === 0) return "<1s";
  const days = Math.floor(total / 86_400);
  const hours = Math.floor(total / 3600) % 24;
  const minutes = Math.floor(total / 60) % 60;
  const seconds = total % 60;
  const two = (n: number): string => String(n).padStart(2, "0");
  if (days > 0) return `${days}d ${two(hours)}h ${two(minutes)}m`;
  if (hours > 0) return `${hours}h ${two(minutes)}m ${two(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}

// A cut between the two halves of a surrogate pair would leave a lone half that renders as garbage.
function withoutBrokenPairs(text: string): string {
  return text.replace(/^[\udc00-\udfff]|[\ud800-\udbff]$/g, "");
}
