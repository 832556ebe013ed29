import { describe, expect, test } from "vitest";
import { type CommandLineResult, parseCommandLine } from "../../../src/commands/parse-command-line.ts";

const IGNORE: CommandLineResult = { kind: "ignore" };

const cases: { text: string; expected: CommandLineResult }[] = [
  {
    text: "  /deploy staging  ",
    expected: {
      kind: "run",
      command: { kind: "deploy", environment: "staging", ref: undefined, params: {}, dryRun: false },
    },
  },
  { text: "/help", expected: { kind: "run", command: { kind: "help" } } },
  { text: "deploy staging", expected: IGNORE },
  { text: "", expected: IGNORE },
  { text: "/", expected: IGNORE },
  { text: "/constructor", expected: IGNORE },
  { text: "/toString", expected: IGNORE },
  { text: "/__proto__", expected: IGNORE },
  { text: "/hasOwnProperty", expected: IGNORE },
  { text: "/lgtm", expected: IGNORE },
  { text: "/deployment", expected: IGNORE },
  { text: "/deploy/staging", expected: IGNORE },
  { text: "/deploy:staging", expected: IGNORE },
  { text: "/\u212Aelp", expected: IGNORE },
  { text: `/${"x".repeat(5000)}`, expected: IGNORE },
  { text: "/deploy\u200Bstaging", expected: IGNORE },
];

describe("parseCommandLine", () => {
  test.each(cases)("$text", ({ text, expected }) => {
    expect(parseCommandLine(text)).toEqual(expected);
  });

  test("a typo is answered with the suggestion and its usage", () => {
    expect(parseCommandLine("/delpoy staging")).toEqual({
      kind: "reply",
      message:
        "Unknown command `/delpoy`. Did you mean `/deploy`? Usage: `/deploy [env] [key=value …] [--dry-run]` or `/deploy <ref> to <env>`",
    });
  });

  test("a typo is echoed as typed", () => {
    const result = parseCommandLine(`/deplo${"y".repeat(2)}`);
    expect(result).toEqual({ kind: "reply", message: expect.stringContaining("Unknown command `/deployy`") });
  });

  test("the line-length limit applies to help too", () => {
    const result = parseCommandLine(`/help ${"x".repeat(1000)}`);
    expect(result).toEqual({ kind: "reply", message: expect.stringContaining("the limit is 1000") });
  });
});
