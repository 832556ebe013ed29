import type { CommandKind } from "./command.ts";
import { COMMAND_USAGE } from "./usage.ts";

const MAX_ECHO_LENGTH = 80;
// Control and format characters (bidi overrides, zero-width) could hide or reorder echoed text.
const UNSAFE = /[`\p{Cc}\p{Cf}]/gu;

/** Renders user text as inline code it cannot break out of: backticks and invisible characters removed, long text cut. */
export function code(text: string): string {
  const characters = Array.from(text.replace(UNSAFE, ""));
  if (characters.length === 0) return "(empty)";
  const shown =
    characters.length > MAX_ECHO_LENGTH
      ? `${characters.slice(0, MAX_ECHO_LENGTH).join("")}…`
      : characters.join("");
  return `\`${shown}\``;
}

/** A reply: what is wrong, then the command's usage line. */
export function withUsage(problem: string, kind: CommandKind): string {
  return `${problem} Usage: ${COMMAND_USAGE[kind]}`;
}
