import { environmentNameProblem } from "../environment-name.ts";
import { readReason } from "../read-reason.ts";
import { withUsage } from "../reply-text.ts";
import { firstWordAndRest } from "../words.ts";
import type { Grammar, GrammarResult } from "./grammar.ts";

/** `/lock <env> [reason…]`: the rest of the line after the environment is the reason, as typed. */
export const LOCK_GRAMMAR: Grammar<"lock"> = {
  kind: "lock",
  parse(argumentText) {
    const { first: environment, rest } = firstWordAndRest(argumentText);
    if (environment === undefined) return reply("`/lock` needs an environment, as in `/lock production`.");
    const badName = environmentNameProblem(environment);
    if (badName !== undefined) return reply(badName);
    const reason = readReason(rest);
    if (reason.kind === "problem") return reply(reason.problem);
    return { kind: "run", command: { kind: "lock", environment, reason: reason.reason } };
  },
};

function reply(problem: string): GrammarResult<"lock"> {
  return { kind: "reply", message: withUsage(problem, "lock") };
}
