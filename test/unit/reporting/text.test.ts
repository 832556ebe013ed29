import { describe, expect, test } from "vitest";
import {
  formatTimestamp,
  ordinal,
  tailLines,
  truncateEnd,
  truncateMiddle,
  truncateStart,
} from "../../../src/reporting/render/text.ts";
import { formatDuration } from "../../../src/shared/format-duration.ts";

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

describe("ordinal", () => {
  test.each([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [10, "10th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [22, "22nd"],
    [23, "23rd"],
    [101, "101st"],
    [111, "111th"],
    [112, "112th"],
    [1_002, "1002nd"],
  ])("%i → %s", (n, expected) => {
    expect(ordinal(n)).toBe(expected);
  });
});

describe("formatTimestamp", () => {
  test.each([
    { ms: Date.UTC(2024, 4, 1, 14, 5, 59), expected: "2024-05-01 14:05 UTC" },
    { ms: 0, expected: "1970-01-01 00:00 UTC" },
    { ms: Number.NaN, expected: "an unknown time" },
    { ms: 1e20, expected: "an unknown time" },
  ])("$ms → $expected", ({ ms, expected }) => {
    expect(formatTimestamp(ms)).toBe(expected);
  });
});
