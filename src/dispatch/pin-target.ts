import type { Command } from "../commands/command.ts";
import type { GitHubClient, PullRequestFacts, RepoCoords } from "../github/github-client.ts";
import { pullRequestRefRefusal } from "../policy/authorize-deploy.ts";
import { findRollbackTarget } from "../policy/find-rollback-target.ts";
import type { Refusal } from "../policy/reason-codes.ts";

/** The commit a command will run, pinned once: whatever happens to branches later, this is what runs. */
export type PinnedTarget =
  | {
      kind: "pinned";
      sha: string;
      ref: string;
      /** `pull-request` when `sha` is the PR's head (a later push means the head moved). */
      from: "pull-request" | "ref";
      refIsSha: boolean;
      /** For a rollback: the commit deployed now, which this one replaces. */
      rollbackFrom: string | undefined;
    }
  | { kind: "refused"; reasons: readonly Refusal[] };

const SHA = /^[0-9a-f]{7,40}$/i;
const FULL_SHA = /^[0-9a-f]{40}$/;

/** Pins the PR head, the named ref, or for `/rollback` the last good deployment before the current one. */
export async function pinTarget(
  github: Pick<GitHubClient, "resolveRef" | "listDeployments" | "listDeploymentStates">,
  repo: RepoCoords,
  command: Extract<Command, { kind: "deploy" | "rollback" }>,
  pullRequest: PullRequestFacts | undefined,
  environment: string,
): Promise<PinnedTarget> {
  if (command.kind === "rollback") {
    const found = await findRollbackTarget(github, repo, environment);
    if (found.kind === "none") return refused(noRollback(environment, found.reason));
    return pinned(found.target.sha, found.target.ref, "ref", found.current.sha);
  }
  if (command.ref === undefined) {
    if (pullRequest === undefined) {
      return refused({
        code: "pull-request-needed",
        message: "This names no pull request and no ref, so there is nothing to deploy.",
        fix: `Name one: \`deploy owner/repo#42 to ${environment}\` for a pull request's head, or \`deploy owner/repo@main to ${environment}\` for a branch.`,
      });
    }
    return pinned(pullRequest.headSha, pullRequest.headRef, "pull-request");
  }
  // Not even resolved: GitHub would follow it into a fork.
  if (/^(refs\/)?pull\//.test(command.ref)) return refused(pullRequestRefRefusal());
  const sha = await github.resolveRef(repo, command.ref);
  if (sha === undefined || !FULL_SHA.test(sha)) {
    return refused({
      code: "ref-not-found",
      message: `\`${command.ref}\` is not a branch, tag or commit of this repository.`,
      fix: "Check the name, push it, and comment again.",
    });
  }
  return { ...pinned(sha, command.ref, "ref"), refIsSha: SHA.test(command.ref) };
}

function pinned(
  sha: string,
  ref: string,
  from: "pull-request" | "ref",
  rollbackFrom?: string,
): Extract<PinnedTarget, { kind: "pinned" }> {
  return { kind: "pinned", sha, ref, from, refIsSha: false, rollbackFrom };
}

function refused(reason: Refusal): PinnedTarget {
  return { kind: "refused", reasons: [reason] };
}

function noRollback(environment: string, reason: "no-deployments" | "no-previous"): Refusal {
  return {
    code: "no-previous-deployment",
    message:
      reason === "no-deployments"
        ? `**${environment}** has no successful deployment yet, so there is nothing to roll back.`
        : `**${environment}** has only one successful deployment in its recent history, so there is nothing before it to go back to.`,
    fix: `Deploy the commit you want with \`/deploy <ref> to ${environment}\`.`,
  };
}
