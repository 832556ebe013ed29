import { describe, expect, test } from "vitest";
import { damerauLevenshtein } from "../../../src/commands/damerau-levenshtein.ts";

const cases: [string, string, number, number][] = [
  ["deploy", "deploy", 2, 0],
  ["deplyo", "deploy", 2, 1],
  ["depoly", "deploy", 2, 1],
  ["dploy", "deploy", 2, 1],
  ["deploi", "deploy", 2, 1],
  ["dpeloy", "deploy", 2, 1],
  ["hepl", "help", 2, 1],
  ["hold", "help", 2, 2],
  ["ca", "abc", 3, 3],
  ["", "help", 5, 4],
  ["deployment", "deploy", 2, 3],
  ["lgtm", "help", 2, 3],
  ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "deploy", 2, 3],
];

describe("damerauLevenshtein", () => {
  test.each(cases)("%s → %s (max %i) is %i", (a, b, max, expected) => {
    expect(damerauLevenshtein(a, b, max)).toBe(expected);
    expect(damerauLevenshtein(b, a, max)).toBe(expected);
  });
});
