import { classifyArguments } from "../classify-arguments.ts";
import type { MigrateStep } from "../command.ts";
import { environmentNameProblem } from "../environment-name.ts";
import { code, withUsage } from "../reply-text.ts";
import { tokenize } from "../tokenize.ts";
import type { Grammar, GrammarResult } from "./grammar.ts";

const DRY_RUN = "--dry-run";

// The steps a user names; `up` (the migrate task itself) is what runs when none is named.
const NAMED_STEPS: readonly MigrateStep[] = ["status", "down"];

/** `/migrate <env> [status|down] [key=value …] [--dry-run]`: params reach the task as variables, as for `/deploy`. */
export const MIGRATE_GRAMMAR: Grammar<"migrate"> = {
  kind: "migrate",
  parse(argumentText) {
    const tokens = tokenize(argumentText);
    if (tokens.kind === "unclosed-quote") {
      return reply(`Unclosed ${code(tokens.quote)} quote: close it, as in \`note="add index"\`.`);
    }
    const classified = classifyArguments(tokens.tokens, [DRY_RUN]);
    if (classified.kind === "problem") return reply(classified.problem);
    const { positionals, params, flags } = classified.arguments;
    const [environment, stepWord, ...extra] = positionals;
    if (environment === undefined) {
      return reply("`/migrate` needs an environment, as in `/migrate staging`.");
    }
    const badName = environmentNameProblem(environment);
    if (badName !== undefined) return reply(badName);
    if (extra.length > 0) {
      return reply(
        `\`/migrate\` takes an environment and at most one step, not ${code(positionals.join(" "))}.`,
      );
    }
    const step = stepWord === undefined ? "up" : readStep(stepWord);
    if (step === undefined) {
      return reply(
        `${code(stepWord ?? "")} is not a step of \`/migrate\`: after the environment it takes \`status\` or \`down\`, or nothing to migrate.`,
      );
    }
    const dryRun = flags.includes(DRY_RUN);
    // `status` only reads, so a dry run of it would mean nothing.
    if (step === "status" && dryRun)
      return reply("`/migrate <env> status` changes nothing: drop `--dry-run`.");
    return { kind: "run", command: { kind: "migrate", environment, step, params, dryRun } };
  },
};

function readStep(word: string): MigrateStep | undefined {
  const lower = word.toLowerCase();
  return NAMED_STEPS.find((step) => step === lower);
}

function reply(problem: string): GrammarResult<"migrate"> {
  return { kind: "reply", message: withUsage(problem, "migrate") };
}
