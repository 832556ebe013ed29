import { damerauLevenshtein } from "./damerau-levenshtein.ts";
import { MAX_PARAM_VALUE_LENGTH, MAX_PARAMS } from "./limits.ts";
import { code } from "./reply-text.ts";

export type Arguments = { positionals: string[]; params: Record<string, string>; flags: string[] };
export type ClassifyResult =
  | { kind: "arguments"; arguments: Arguments }
  | { kind: "problem"; problem: string };

const PARAM_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Sorts tokens into `--flags`, `key=value` params and positional words, rejecting what no command accepts. */
export function classifyArguments(tokens: readonly string[], knownFlags: readonly string[]): ClassifyResult {
  const positionals: string[] = [];
  const flags: string[] = [];
  const params: [string, string][] = [];
  // Keys become SHIPMATE_PARAM_<KEY uppercased>, so `Msg` and `msg` would collide.
  const seenKeys = new Set<string>();
  for (const token of tokens) {
    if (token.startsWith("--")) {
      if (!knownFlags.includes(token)) return problem(unknownFlagProblem(token, knownFlags));
      flags.push(token);
      continue;
    }
    const equals = token.indexOf("=");
    if (equals === -1) {
      positionals.push(token);
      continue;
    }
    const key = token.slice(0, equals);
    const value = token.slice(equals + 1);
    if (!PARAM_KEY.test(key)) {
      return problem(
        `${code(key)} is not a valid param name: use letters, digits and \`_\`, not starting with a digit, at most 64.`,
      );
    }
    if (seenKeys.has(key.toUpperCase()))
      return problem(`Param ${code(key)} is given twice (names ignore case).`);
    if (params.length === MAX_PARAMS) return problem(`Too many params: at most ${MAX_PARAMS} are allowed.`);
    if (value.length > MAX_PARAM_VALUE_LENGTH) {
      return problem(
        `The value of ${code(key)} is ${value.length} characters long; the limit is ${MAX_PARAM_VALUE_LENGTH}.`,
      );
    }
    // Params reach tasks as environment variables, which cannot hold NUL.
    if (value.includes("\u0000")) return problem(`The value of ${code(key)} contains a NUL character.`);
    seenKeys.add(key.toUpperCase());
    params.push([key, value]);
  }
  // fromEntries defines own properties, so a key like `__proto__` stays a plain param.
  return { kind: "arguments", arguments: { positionals, params: Object.fromEntries(params), flags } };
}

/** The reply text for a `--flag` the command does not know, naming the closest known one. */
export function unknownFlagProblem(flag: string, knownFlags: readonly string[]): string {
  const near = knownFlags.find((known) => damerauLevenshtein(flag, known, 2) <= 2);
  if (near !== undefined) return `Unknown flag ${code(flag)}. Did you mean \`${near}\`?`;
  if (knownFlags.length === 0) return `Unknown flag ${code(flag)}: this command takes no flags.`;
  return `Unknown flag ${code(flag)}; known flags: ${knownFlags.map((known) => `\`${known}\``).join(", ")}.`;
}

function problem(text: string): ClassifyResult {
  return { kind: "problem", problem: text };
}
