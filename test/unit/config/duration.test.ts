import { describe, expect, test } from "vitest";
import { parseDuration } from "../../../src/config/duration.ts";

describe("parseDuration", () => {
  test.each([
    ["30m", 1_800_000],
    ["1h30m", 5_400_000],
    ["45s", 45_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["1d2h3m4s", 93_784_000],
    ["90m", 5_400_000],
    ["90", 90_000],
    ["0", 0],
    [" 5m ", 300_000],
  ])("%j is %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each([
    [""],
    ["m"],
    ["1.5h"],
    ["-5m"],
    ["30M"],
    ["30 m"],
    ["1h 30m"],
    ["30m1h"],
    ["1h1h"],
    ["5ms"],
    ["soon"],
    ["99999999999999999999d"],
  ])("%j is malformed", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
