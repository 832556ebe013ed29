import type { Command } from "../commands/command.ts";
import type { EnvironmentConfig, EnvironmentRequirements } from "../config/repo-config.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import { environmentRefusal } from "../policy/environment-refusal.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import { authorizeTask } from "./authorize-task.ts";
import type { CommandContext } from "./command-context.ts";
import { pinTarget } from "./pin-target.ts";
import { queueTask } from "./queue-task.ts";

export type AcceptOutcome =
  | { kind: "queued"; taskId: string }
  | { kind: "refused"; reasons: readonly Refusal[] };

type DeployCommand = Extract<Command, { kind: "deploy" | "rollback" }>;

/**
 * Checks one `/deploy` or `/rollback`, pins its commit and queues it; a refusal comes back as data.
 * The gates are read on the pinned commit; a job for an environment with approvers waits for one.
 */
export async function acceptDeploy(ctx: CommandContext, command: DeployCommand): Promise<AcceptOutcome> {
  const { github, request, pullRequest } = ctx;
  const choice = selectEnvironment(ctx.config, command.environment);
  if (choice.kind !== "chosen") return refused([environmentRefusal(choice)]);
  const environment = choice.environment;
  const repo = { owner: request.repository.owner, repo: request.repository.name };

  const pinned = await pinTarget(github, repo, command, pullRequest, environment.name);
  if (pinned.kind === "refused") return pinned;
  const requirements = requirementsFor(environment, command);
  const reasons = await authorizeTask(ctx, { environment, requirements, pinned, dryRun: command.dryRun });
  if (reasons.length > 0) return refused(reasons);

  const definition = command.dryRun && environment.dryRun ? environment.dryRun : environment.deploy;
  if (!definition) throw new Error("authorized deploy without a deploy task");
  const { taskId } = await queueTask(ctx, {
    task: "deploy",
    environment,
    requirements,
    definition,
    pinned,
    params: command.kind === "deploy" ? command.params : {},
    dryRun: command.dryRun,
    deployment: !command.dryRun,
    replacesWaiting: !command.dryRun,
  });
  return { kind: "queued", taskId };
}

/**
 * A rollback puts back a commit that already passed this environment's gates when it was deployed:
 * reviews and checks are not asked of it again. Who may deploy, and approvers, still apply.
 */
function requirementsFor(environment: EnvironmentConfig, command: DeployCommand): EnvironmentRequirements {
  if (command.kind !== "rollback") return environment.require;
  return { ...environment.require, approvals: 0, checks: undefined };
}

function refused(reasons: readonly Refusal[]): AcceptOutcome {
  return { kind: "refused", reasons };
}
