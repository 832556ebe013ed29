import type { EnvironmentConfig } from "../config/repo-config.ts";
import type { PullRequestFacts } from "../github/github-client.ts";
import { type Role, roleAtLeast } from "../shared/roles.ts";
import type { AuthzDecision, Refusal } from "./reason-codes.ts";

export interface DeployFacts {
  requester: string;
  role: Role;
  environment: EnvironmentConfig;
  /** The pull request the command was written on. */
  pullRequest: PullRequestFacts;
  /** True when the command names a ref instead of deploying the pull request's head. */
  deploysRef: boolean;
  refIsSha: boolean;
  /** A `pull/N/head`-style ref: GitHub resolves these, and they may point into a fork. */
  refIsPullRequest: boolean;
}

/** Decides whether a deploy may be queued; every unmet rule is named, not just the first. */
export function authorizeDeploy(facts: DeployFacts): AuthzDecision {
  const reasons: Refusal[] = [];
  const env = facts.environment;
  const needed = env.require.permission;
  if (!roleAtLeast(facts.role, needed)) {
    reasons.push({
      code: "insufficient-permission",
      message: `@${facts.requester} has \`${facts.role}\` on this repository; deploying to **${env.name}** needs \`${needed}\`.`,
      fix: `Ask someone with \`${needed}\` (or higher) to run the command, or ask an admin for \`${needed}\` access.`,
    });
  }
  if (!env.deploy) {
    reasons.push({
      code: "no-deploy-task",
      message: `The environment **${env.name}** has no \`deploy\` task in \`.github/shipmate.yml\`.`,
      fix: `Add \`deploy:\` under \`environments.${env.name}\` on the default branch.`,
    });
  }
  const unsupported = unsupportedGates(env);
  if (unsupported.length > 0) {
    reasons.push({
      code: "unsupported-gate",
      message: `**${env.name}** requires ${unsupported.join(", ")}, which this Shipmate cannot check yet, so it will not deploy there rather than skip them.`,
      fix: "Deploy with a Shipmate that enforces these gates, or remove them from the environment's `require` block.",
    });
  }
  if (facts.deploysRef) {
    if (facts.refIsPullRequest) {
      reasons.push({
        code: "pull-request-ref-not-allowed",
        message: "A pull request's ref (`pull/…`) may hold code from a fork; it is not deployed by name.",
        fix: "Comment `/deploy` on that pull request itself, where its origin is checked.",
      });
    } else if (facts.refIsSha && !env.allowShaDeploys) {
      reasons.push({
        code: "sha-deploys-not-allowed",
        message: `**${env.name}** does not take deploys of a bare commit SHA.`,
        fix: `Deploy a branch or tag, or set \`allow_sha_deploys: true\` on the environment.`,
      });
    }
  } else {
    const pr = facts.pullRequest;
    if (pr.state !== "open") {
      reasons.push({
        code: "pull-request-closed",
        message: `Pull request #${pr.number} is ${pr.merged ? "merged" : "closed"}; its head is not deployed.`,
        fix: `Deploy a branch instead, for example \`/deploy ${pr.baseRef} to ${env.name}\`.`,
      });
    }
    const deletedFork = pr.headRepoFullName === undefined;
    const fork = deletedFork || pr.headRepoFullName !== pr.baseRepoFullName;
    // A deleted fork's code has no owner left to answer for it: refused even where forks are allowed.
    if (fork && (!env.allowForks || deletedFork)) {
      reasons.push({
        code: "fork-not-allowed",
        message:
          pr.headRepoFullName === undefined
            ? "This pull request's fork has been deleted, so its code cannot be trusted or fetched."
            : `This pull request comes from the fork \`${pr.headRepoFullName}\`; **${env.name}** does not deploy code from forks.`,
        fix: deletedFork
          ? "Push the branch to this repository and open a new pull request from there."
          : `Push the branch to this repository and open the pull request from there, or set \`allow_forks: true\` on **${env.name}**.`,
      });
    }
  }
  return reasons.length === 0 ? { kind: "allow" } : { kind: "deny", reasons };
}

function unsupportedGates(env: EnvironmentConfig): string[] {
  const r = env.require;
  const gates: string[] = [];
  if (r.approvals > 0) gates.push(`${r.approvals} approving review(s)`);
  if (r.checks) gates.push("green checks");
  if (r.approvers.length > 0) gates.push("an approver's approval");
  if (r.teams.length > 0 || r.users.length > 0) gates.push("a team or user allowlist");
  if (r.branches.length > 0) gates.push("base-branch rules");
  return gates;
}
