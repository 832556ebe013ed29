import type { Gate } from "./gate.ts";
import { code } from "./gate.ts";

/** A pull request's head is deployed only when it targets the default branch or a branch in `require.branches`. */
export const branchesGate: Gate = (requirements, environment, facts) => {
  const pr = facts.pullRequest;
  // A ref deployed by name has no base: what it is was decided by whoever named it.
  if (pr === undefined) return [];
  const allowed = [facts.defaultBranch, ...requirements.branches.filter((b) => b !== facts.defaultBranch)];
  if (allowed.includes(pr.baseRef)) return [];
  const into = allowed.map(code).join(", ");
  return [
    {
      code: "base-branch-not-allowed",
      message: `Pull request #${pr.number} targets ${code(pr.baseRef)}; **${environment}** only deploys pull requests into ${into}.`,
      fix: `Change the pull request's base to ${code(facts.defaultBranch)}, or add ${code(pr.baseRef)} to \`require.branches\` of **${environment}** on the default branch.`,
    },
  ];
};
