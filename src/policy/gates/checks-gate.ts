import type { Refusal } from "../reason-codes.ts";
import { classifyChecks } from "./classify-checks.ts";
import type { Gate } from "./gate.ts";
import { code, shortSha } from "./gate.ts";

/**
 * With `require.checks`, every check run and commit status on the pinned commit must be green, and each
 * check it names must be there; failing, pending and missing ones are each named.
 */
export const checksGate: Gate = (requirements, environment, facts) => {
  const required = requirements.checks;
  if (required === undefined) return [];
  const commit = shortSha(facts.sha);
  // Not read means not known: a gate that cannot see is closed.
  if (facts.checks === undefined) {
    return [
      {
        code: "checks-missing",
        message: `The checks on commit ${commit} could not be read, and **${environment}** needs them green.`,
        fix: "Comment again; if this keeps happening, ask an admin to look at Shipmate's logs.",
      },
    ];
  }
  const verdicts = classifyChecks(facts.checks);
  const missing = required.named.filter((name) => !verdicts.present.has(name.toLowerCase()));
  const refusals: Refusal[] = [];
  if (verdicts.failing.length > 0) {
    refusals.push({
      code: "checks-failing",
      message: `**${environment}** needs every check on commit ${commit} green; ${list(verdicts.failing)} ${verdicts.failing.length === 1 ? "is" : "are"} not.`,
      fix: "Fix what failed and push, or re-run the checks if they failed by accident; then comment again.",
    });
  }
  if (verdicts.pending.length > 0) {
    refusals.push({
      code: "checks-pending",
      message: `**${environment}** needs every check on commit ${commit} finished and green; ${list(verdicts.pending)} ${verdicts.pending.length === 1 ? "has" : "have"} not finished.`,
      fix: "Wait for them to finish, then comment again.",
    });
  }
  if (missing.length > 0) {
    refusals.push({
      code: "checks-missing",
      message: `**${environment}** needs ${missing.map(code).join(", ")} on commit ${commit}, and ${missing.length === 1 ? "it has" : "they have"} not reported there.`,
      fix: `Make sure ${missing.length === 1 ? "that check runs" : "those checks run"} on this commit (push again or re-run the workflow), or remove ${missing.length === 1 ? "it" : "them"} from \`require.checks\` of **${environment}** on the default branch.`,
    });
  }
  return refusals;
};

function list(checks: readonly { name: string; outcome: string }[]): string {
  return checks.map((check) => `${code(check.name)} (${check.outcome})`).join(", ");
}
