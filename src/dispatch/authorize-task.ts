import type { EnvironmentConfig, EnvironmentRequirements } from "../config/repo-config.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import { authorizeDeploy } from "../policy/authorize-deploy.ts";
import { gatherGateFacts } from "../policy/gates/gather-gate-facts.ts";
import { holdBlocks, holdRefusal } from "../policy/hold-refusal.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import type { CommandContext } from "./command-context.ts";
import type { PinnedTarget } from "./pin-target.ts";

/** A commit a command will run, once pinned. */
export type Pinned = Extract<PinnedTarget, { kind: "pinned" }>;

export interface TaskAuthorization {
  /** The environment as the rules see it: its `deploy` is the task this command would run. */
  environment: EnvironmentConfig;
  /** The gates that apply to this command (a rollback's, a migration's or a plan's may differ from `require`). */
  requirements: EnvironmentRequirements;
  pinned: Pinned;
  /** A dry run is held only to the gates about who may ask, and not stopped by holds. */
  dryRun: boolean;
}

/**
 * Every reason a command may not run against its environment: the gates over facts read once from
 * GitHub on the pinned commit, the rules about what is run, and another pull request's hold.
 */
export async function authorizeTask(ctx: CommandContext, input: TaskAuthorization): Promise<Refusal[]> {
  const { deps, github, request, pullRequest } = ctx;
  const { environment, requirements, pinned, dryRun } = input;
  const repo = { owner: request.repository.owner, repo: request.repository.name };
  const [gates, hold] = await Promise.all([
    gatherGateFacts(github, {
      repo,
      requirements,
      requester: request.login,
      role: ctx.role,
      sha: pinned.sha,
      pullRequest:
        pinned.from === "pull-request" && pullRequest !== undefined
          ? { number: pullRequest.number, baseRef: pullRequest.baseRef }
          : undefined,
      defaultBranch: request.repository.defaultBranch,
      dryRun,
    }),
    deps.holds.get(repositoryKey(request.repository), environment.name),
  ]);
  const decision = authorizeDeploy(
    {
      environment: { ...environment, require: requirements },
      pullRequest: pinned.from === "pull-request" ? pullRequest : undefined,
      deploysRef: pinned.from === "ref",
      refIsSha: pinned.refIsSha,
    },
    gates,
  );
  const reasons = decision.kind === "deny" ? [...decision.reasons] : [];
  if (!dryRun && holdBlocks(hold, request.pullRequest)) reasons.push(holdRefusal(hold, deps.now()));
  return reasons;
}

/**
 * The gates of a step that changes nothing (a plan, a migration's `status`): like a dry run, it is held
 * to who may ask and for which pull requests, not to reviews, checks or approvers.
 */
export function readOnlyRequirements(requirements: EnvironmentRequirements): EnvironmentRequirements {
  return { ...requirements, approvals: 0, checks: undefined, approvers: [] };
}
