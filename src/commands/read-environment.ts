import { unknownFlagProblem } from "./classify-arguments.ts";
import type { CommandKind } from "./command.ts";
import { environmentNameProblem } from "./environment-name.ts";
import { code } from "./reply-text.ts";
import { words } from "./words.ts";

export type EnvironmentArguments =
  | { kind: "environment"; environment: string; flags: string[] }
  | { kind: "problem"; problem: string };

/** Reads `<env> [--flag …]` for commands that name exactly one environment; flags may stand anywhere. */
export function readEnvironment(
  argumentText: string,
  command: CommandKind,
  knownFlags: readonly string[],
): EnvironmentArguments {
  const positionals: string[] = [];
  const flags: string[] = [];
  for (const word of words(argumentText)) {
    if (!word.startsWith("--")) positionals.push(word);
    else if (knownFlags.includes(word)) flags.push(word);
    else return problem(unknownFlagProblem(word, knownFlags));
  }
  const [environment, ...extra] = positionals;
  if (environment === undefined) {
    return problem(`\`/${command}\` needs an environment, as in \`/${command} production\`.`);
  }
  if (extra.length > 0) {
    return problem(`\`/${command}\` takes one environment, not ${code(positionals.join(" "))}.`);
  }
  const badName = environmentNameProblem(environment);
  if (badName !== undefined) return problem(badName);
  return { kind: "environment", environment, flags };
}

function problem(text: string): EnvironmentArguments {
  return { kind: "problem", problem: text };
}
