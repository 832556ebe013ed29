import type { Command } from "./command.ts";
import { MAX_COMMAND_LINE_LENGTH } from "./limits.ts";
import { findGrammar } from "./registry.ts";
import { code, withUsage } from "./reply-text.ts";
import { suggestCommand } from "./suggest-command.ts";

export type CommandLineResult =
  | { kind: "run"; command: Command }
  | { kind: "reply"; message: string }
  | { kind: "ignore" };

// ASCII only: a case-insensitive Unicode match would let look-alikes such as the Kelvin sign `K` stand for `k`.
const COMMAND_WORD = /^[A-Za-z][A-Za-z0-9_-]*$/;
const WHITESPACE = /\s/u;

/** Reads one line: a Shipmate command to run, a reply explaining what is wrong, or ignore (not ours). */
export function parseCommandLine(text: string): CommandLineResult {
  const line = text.trim();
  if (!line.startsWith("/")) return { kind: "ignore" };
  const wordEnd = line.slice(1).search(WHITESPACE);
  const word = wordEnd === -1 ? line.slice(1) : line.slice(1, wordEnd + 1);
  if (!COMMAND_WORD.test(word)) return { kind: "ignore" };
  const lowerWord = word.toLowerCase();
  const grammar = findGrammar(lowerWord);
  if (grammar === undefined) {
    const suggestion = suggestCommand(lowerWord);
    if (suggestion === undefined) return { kind: "ignore" };
    return {
      kind: "reply",
      message: withUsage(`Unknown command ${code(`/${word}`)}. Did you mean \`/${suggestion}\`?`, suggestion),
    };
  }
  if (line.length > MAX_COMMAND_LINE_LENGTH) {
    const problem = `This command line is ${line.length} characters long; the limit is ${MAX_COMMAND_LINE_LENGTH}.`;
    return { kind: "reply", message: withUsage(problem, grammar.kind) };
  }
  return grammar.parse(line.slice(word.length + 1));
}
