import { describe, expect, test } from "vitest";
import { firstWordAndRest, words } from "../../../src/commands/words.ts";

const wordCases: [string, string[]][] = [
  ["", []],
  ["   ", []],
  [" a  b\tc ", ["a", "b", "c"]],
  ["a\u00a0b\u3000c", ["a", "b", "c"]],
  [`"a b" 'c`, [`"a`, `b"`, "'c"]],
  ["$(rm -rf /)", ["$(rm", "-rf", "/)"]],
  ["a\u200Bb", ["a\u200Bb"]],
];

const firstCases: [string, string | undefined, string][] = [
  ["", undefined, ""],
  ["  ", undefined, ""],
  [" production ", "production", ""],
  [" production  hotfix  in   progress ", "production", "hotfix  in   progress"],
  ["production\tnow", "production", "now"],
  ["production\u00a0now", "production", "now"],
  [`production "a b"`, "production", `"a b"`],
];

describe("words", () => {
  test.each(wordCases)("%j", (text, expected) => {
    expect(words(text)).toEqual(expected);
  });
});

describe("firstWordAndRest", () => {
  test.each(firstCases)("%j", (text, first, rest) => {
    expect(firstWordAndRest(text)).toEqual({ first, rest });
  });
});
