import type { EnvironmentConfig } from "../config/repo-config.ts";
import type { PullRequestFacts } from "../github/github-client.ts";
import { evaluateGates } from "./gates/evaluate-gates.ts";
import type { GateFacts } from "./gates/gate-facts.ts";
import type { AuthzDecision, Refusal } from "./reason-codes.ts";

export interface DeployFacts {
  environment: EnvironmentConfig;
  /** The pull request whose head is deployed; undefined when a ref is deployed by name. */
  pullRequest: PullRequestFacts | undefined;
  /** True when the command names a ref instead of deploying the pull request's head. */
  deploysRef: boolean;
  refIsSha: boolean;
}

/**
 * Decides whether a deploy may be queued: the environment's gates over `gates`, then the rules
 * about what is deployed. Every unmet rule is named, not just the first.
 */
export function authorizeDeploy(facts: DeployFacts, gates: GateFacts): AuthzDecision {
  const env = facts.environment;
  const reasons: Refusal[] = evaluateGates(env.require, env.name, gates);
  if (!env.deploy) {
    reasons.push({
      code: "no-deploy-task",
      message: `The environment **${env.name}** has no \`deploy\` task in \`.github/shipmate.yml\`.`,
      fix: `Add \`deploy:\` under \`environments.${env.name}\` on the default branch.`,
    });
  }
  if (facts.deploysRef) {
    if (facts.refIsSha && !env.allowShaDeploys) {
      reasons.push({
        code: "sha-deploys-not-allowed",
        message: `**${env.name}** does not take deploys of a bare commit SHA.`,
        fix: `Deploy a branch or tag, or set \`allow_sha_deploys: true\` on the environment.`,
      });
    }
  } else if (facts.pullRequest !== undefined) {
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

/** A `pull/N/head`-style ref is never deployed by name: GitHub would follow it into a fork. */
export function pullRequestRefRefusal(): Refusal {
  return {
    code: "pull-request-ref-not-allowed",
    message: "A pull request's ref (`pull/…`) may hold code from a fork; it is not deployed by name.",
    fix: "Comment `/deploy` on that pull request itself, where its origin is checked.",
  };
}
