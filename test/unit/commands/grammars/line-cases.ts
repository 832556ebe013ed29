import { describe, expect, test } from "vitest";
import type { Command, CommandKind } from "../../../../src/commands/command.ts";
import { type CommandLineResult, parseCommandLine } from "../../../../src/commands/parse-command-line.ts";
import { COMMAND_USAGE } from "../../../../src/commands/usage.ts";

export type LineCase = { name: string; text: string; expected: CommandLineResult };

/** Expected run outcome. */
export function runs(command: Command): CommandLineResult {
  return { kind: "run", command };
}

/** Expected reply outcome whose message contains `fragment`. */
export function replies(fragment: string): CommandLineResult {
  return { kind: "reply", message: expect.stringContaining(fragment) };
}

/** Runs a table of whole command lines through the parser, and checks every reply ends with the usage of `kind`. */
export function describeLines(kind: CommandKind, cases: readonly LineCase[]): void {
  describe(`/${kind}`, () => {
    test.each(cases)("$name: $text", ({ text, expected }) => {
      expect(parseCommandLine(text)).toEqual(expected);
    });

    test("every reply ends with the command's usage", () => {
      const replyCases = cases.filter(({ expected }) => expected.kind === "reply");
      expect(replyCases.length).toBeGreaterThan(0);
      for (const { text } of replyCases) {
        const result = parseCommandLine(text);
        expect(result.kind === "reply" && result.message.endsWith(` Usage: ${COMMAND_USAGE[kind]}`)).toBe(
          true,
        );
      }
    });
  });
}
