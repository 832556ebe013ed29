import { unknownFlagProblem } from "../classify-arguments.ts";
import { PROVISION_STEPS, type ProvisionStep } from "../command.ts";
import { environmentNameProblem } from "../environment-name.ts";
import { code, withUsage } from "../reply-text.ts";
import { words } from "../words.ts";
import type { Grammar, GrammarResult } from "./grammar.ts";

/** `/provision <env> plan|apply`: no params and no flags, since apply must run exactly what plan made. */
export const PROVISION_GRAMMAR: Grammar<"provision"> = {
  kind: "provision",
  parse(argumentText) {
    const all = words(argumentText);
    const flag = all.find((word) => word.startsWith("--"));
    if (flag !== undefined) return reply(unknownFlagProblem(flag, []));
    const param = all.find((word) => word.includes("="));
    if (param !== undefined) {
      return reply(`\`/provision\` takes no params (${code(param)}): apply runs exactly what the plan made.`);
    }
    const [environment, stepWord, ...extra] = all;
    if (environment === undefined) {
      return reply("`/provision` needs an environment and a step, as in `/provision infra plan`.");
    }
    // `/provision plan infra` is a likely slip: say which way round it goes rather than look for `plan`.
    if (readStep(environment) !== undefined && stepWord !== undefined && readStep(stepWord) === undefined) {
      return reply(
        `Name the environment first, then the step, as in ${code(`/provision ${stepWord} ${environment.toLowerCase()}`)}.`,
      );
    }
    const badName = environmentNameProblem(environment);
    if (badName !== undefined) return reply(badName);
    if (stepWord === undefined) {
      return reply(
        `\`/provision\` needs a step after the environment: \`plan\` or \`apply\`, as in \`/provision ${environment} plan\`.`,
      );
    }
    const step = readStep(stepWord);
    if (step === undefined) {
      return reply(`${code(stepWord)} is not a step of \`/provision\`: use \`plan\` or \`apply\`.`);
    }
    if (extra.length > 0) {
      return reply(`\`/provision\` takes an environment and a step, not ${code(all.join(" "))}.`);
    }
    return { kind: "run", command: { kind: "provision", environment, step } };
  },
};

function readStep(word: string): ProvisionStep | undefined {
  const lower = word.toLowerCase();
  return PROVISION_STEPS.find((step) => step === lower);
}

function reply(problem: string): GrammarResult<"provision"> {
  return { kind: "reply", message: withUsage(problem, "provision") };
}
