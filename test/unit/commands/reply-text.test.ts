import { describe, expect, test } from "vitest";
import { code, withUsage } from "../../../src/commands/reply-text.ts";

const cases: [string, string][] = [
  ["staging", "`staging`"],
  ["a`b``c", "`abc`"],
  ["```", "(empty)"],
  ["", "(empty)"],
  ["@alice #12", "`@alice #12`"],
  ["evil\u202Egnp.exe", "`evilgnp.exe`"],
  ["zero\u200Bwidth\u0000nul\u001b[31m", "`zerowidthnul[31m`"],
  ["x".repeat(81), `\`${"x".repeat(80)}…\``],
  ["😀".repeat(81), `\`${"😀".repeat(80)}…\``],
];

describe("code", () => {
  test.each(cases)("%j renders as %s", (text, expected) => {
    expect(code(text)).toBe(expected);
  });
});

describe("withUsage", () => {
  test("appends the command's usage", () => {
    expect(withUsage("Nope.", "help")).toBe("Nope. Usage: `/help`");
  });
});
