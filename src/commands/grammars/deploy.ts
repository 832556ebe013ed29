import { classifyArguments } from "../classify-arguments.ts";
import { environmentNameProblem } from "../environment-name.ts";
import { refProblem } from "../git-ref.ts";
import { code, withUsage } from "../reply-text.ts";
import { tokenize } from "../tokenize.ts";
import type { Grammar, GrammarResult } from "./grammar.ts";

const DRY_RUN = "--dry-run";

type Target = { kind: "target"; environment: string | undefined; ref: string | undefined };

/** `/deploy [env] [key=value …] [--dry-run]` and `/deploy <ref> to <env>`. */
export const DEPLOY_GRAMMAR: Grammar<"deploy"> = {
  kind: "deploy",
  parse(argumentText) {
    const tokens = tokenize(argumentText);
    if (tokens.kind === "unclosed-quote") {
      return reply(`Unclosed ${code(tokens.quote)} quote: close it, as in \`msg="hello world"\`.`);
    }
    const classified = classifyArguments(tokens.tokens, [DRY_RUN]);
    if (classified.kind === "problem") return reply(classified.problem);
    const { positionals, params, flags } = classified.arguments;
    const target = readTarget(positionals);
    if (target.kind === "problem") return reply(target.problem);
    const { environment, ref } = target;
    return {
      kind: "run",
      command: { kind: "deploy", environment, ref, params, dryRun: flags.includes(DRY_RUN) },
    };
  },
};

function readTarget(words: readonly string[]): Target | { kind: "problem"; problem: string } {
  const [first, second, third] = words;
  let environment: string | undefined;
  let ref: string | undefined;
  if (words.length === 1 && first !== undefined && !isTo(first)) environment = first;
  else if (words.length === 2 && first !== undefined && isTo(first)) environment = second;
  else if (words.length === 3 && second !== undefined && isTo(second)) [ref, environment] = [first, third];
  else if (words.length > 0) {
    return { kind: "problem", problem: `I could not read ${code(words.join(" "))} as a target.` };
  }
  const badName = environment === undefined ? undefined : environmentNameProblem(environment);
  if (badName !== undefined) return { kind: "problem", problem: badName };
  const whyNot = ref === undefined ? undefined : refProblem(ref);
  if (ref !== undefined && whyNot !== undefined) {
    return { kind: "problem", problem: `${code(ref)} is not a valid git ref: ${whyNot}.` };
  }
  return { kind: "target", environment, ref };
}

function isTo(word: string): boolean {
  return word.toLowerCase() === "to";
}

function reply(problem: string): GrammarResult<"deploy"> {
  return { kind: "reply", message: withUsage(problem, "deploy") };
}
