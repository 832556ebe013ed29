import { describe, expect, test } from "vitest";
import {
  formatDuration,
  tailLines,
  truncateEnd,
  truncateMiddle,
  truncateStart,
} from "../../../src/reporting/render/text.ts";

describe("formatDuration", () => {
  test.each([
    { ms: 0, expected: "<1s" },
    { ms: 999, expected: "<1s" },
    { ms: -5000, expected: "<1s" },
    { ms: Number.NaN, expected: "<1s" },
    { ms: 1000, expected: "1s" },
    { ms: 45_900, expected: "45s" },
    { ms: 60_000, expected: "1m 00s" },
    { ms: 65_000, expected: "1m 05s" },
    { ms: 59 * 60_000 + 59_999, expected: "59m 59s" },
    { ms: 3_600_000, expected: "1h 00m 00s" },
    { ms: 2 * 3_600_000 + 3 * 60_000 + 7_000, expected: "2h 03m 07s" },
    { ms: 3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6_000, expected: "3d 04h 05m" },
  ])("$ms ms → $expected", ({ ms, expected }) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("truncation", () => {
  test.each([
    { fn: truncateEnd, text: "abcdefghij", max: 5, expected: "abcd…" },
    { fn: truncateEnd, text: "abc", max: 5, expected: "abc" },
    { fn: truncateMiddle, text: "abcdefghij", max: 5, expected: "ab…ij" },
    { fn: truncateMiddle, text: "abcdefghij", max: 6, expected: "abc…ij" },
    { fn: truncateStart, text: "abcdefghij", max: 5, expected: "…ghij" },
    { fn: truncateEnd, text: "ab😀cd", max: 4, expected: "ab…" },
    { fn: truncateStart, text: "ab😀cd", max: 4, expected: "…cd" },
  ])("$fn.name($text, $max)", ({ fn, text, max, expected }) => {
    const result = fn(text, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});

describe("tailLines", () => {
  test.each([
    { text: "a\nb\nc", lines: 10, chars: 100, expected: { lines: ["a", "b", "c"], omitted: 0 } },
    { text: "a\nb\nc", lines: 2, chars: 100, expected: { lines: ["b", "c"], omitted: 1 } },
    { text: "aaa\nbbb\nccc", lines: 10, chars: 7, expected: { lines: ["bbb", "ccc"], omitted: 1 } },
    { text: "aaa\nbbb\nccc", lines: 10, chars: 6, expected: { lines: ["ccc"], omitted: 2 } },
    { text: "first\nabcdefghij", lines: 10, chars: 4, expected: { lines: ["…hij"], omitted: 1 } },
  ])("$text in $lines lines / $chars chars", ({ text, lines, chars, expected }) => {
    expect(tailLines(text, lines, chars)).toEqual(expected);
  });
});
