import type { Command } from "../commands/command.ts";
import type { EnvironmentConfig, EnvironmentRequirements } from "../config/repo-config.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import type { JobView } from "../jobs/job-view.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import { type TaskJob, taskJobId } from "../jobs/task-job.schema.ts";
import { authorizeDeploy } from "../policy/authorize-deploy.ts";
import { environmentRefusal } from "../policy/environment-refusal.ts";
import { gatherGateFacts } from "../policy/gates/gather-gate-facts.ts";
import { holdBlocks, holdRefusal } from "../policy/hold-refusal.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import type { CommandContext } from "./command-context.ts";
import { enqueueTask } from "./enqueue-task.ts";
import { ensureDeployment } from "./ensure-deployment.ts";
import { pinTarget } from "./pin-target.ts";
import { replaceWaitingJobs } from "./replace-waiting-jobs.ts";
import { taskDefinitionOf } from "./task-definition-of.ts";

export type AcceptOutcome =
  | { kind: "queued"; taskId: string }
  | { kind: "refused"; reasons: readonly Refusal[] };

type DeployCommand = Extract<Command, { kind: "deploy" | "rollback" }>;

/**
 * Checks one `/deploy` or `/rollback`, pins its commit and queues it; a refusal comes back as data.
 * The gates are read on the pinned commit; a job for an environment with approvers waits for one.
 */
export async function acceptDeploy(ctx: CommandContext, command: DeployCommand): Promise<AcceptOutcome> {
  const { deps, github, request, pullRequest } = ctx;
  const choice = selectEnvironment(ctx.config, command.environment);
  if (choice.kind !== "chosen") return refused([environmentRefusal(choice)]);
  const environment = choice.environment;
  const repo = { owner: request.repository.owner, repo: request.repository.name };

  const pinned = await pinTarget(github, repo, command, pullRequest, environment.name);
  if (pinned.kind === "refused") return pinned;
  const requirements = requirementsFor(environment, command);
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
      dryRun: command.dryRun,
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
  if (!command.dryRun && holdBlocks(hold, request.pullRequest)) reasons.push(holdRefusal(hold, deps.now()));
  if (reasons.length > 0) return refused(reasons);

  const definition = command.dryRun && environment.dryRun ? environment.dryRun : environment.deploy;
  if (!definition) throw new Error("authorized deploy without a deploy task");
  const taskId = taskJobId(request.idBase, ctx.line);
  const now = deps.now();
  const needsApproval = requirements.approvers.length > 0 && !command.dryRun;
  const view: JobView = {
    id: taskId,
    task: "deploy",
    state: needsApproval ? "awaiting_approval" : "queued",
    repository: { owner: repo.owner, name: repo.repo, htmlUrl: request.repository.htmlUrl },
    environment: environment.name,
    environmentUrl: environment.url,
    sha: pinned.sha,
    ref: pinned.ref,
    pullRequest: request.pullRequest,
    actor: request.login,
    dryRun: command.dryRun,
    params: command.kind === "deploy" ? command.params : {},
    queuedAt: now,
    startedAt: undefined,
    finishedAt: undefined,
    headMovedTo: undefined,
    output: "",
    exitCode: undefined,
    problem: undefined,
    deploymentUrl: undefined,
    ...(needsApproval
      ? {
          approval: {
            approvers: requirements.approvers,
            expiresAt: now + requirements.approvalTtlMs,
            approvedBy: undefined,
            approvedAt: undefined,
          },
        }
      : {}),
    ...(pinned.rollbackFrom === undefined ? {} : { rollback: { fromSha: pinned.rollbackFrom } }),
  };
  const created = await deps.records.create(view, {
    installationId: request.installationId,
    owner: repo.owner,
    repo: repo.repo,
    pullRequest: request.pullRequest,
    commentId: request.commentId,
    deploymentId: undefined,
    slack: slackTarget(ctx),
  });
  // A retried intake carries on from what the record says, never from the view it built again.
  const current = created ? view : ((await deps.records.load(taskId))?.view ?? view);
  const deployment = command.dryRun
    ? undefined
    : await ensureDeployment(deps, github, { taskId, view, environment, created });
  const task: TaskJob = {
    v: 1,
    id: taskId,
    task: "deploy",
    installationId: request.installationId,
    repository: request.repository,
    environment: environment.name,
    ...(environment.url ? { environmentUrl: environment.url } : {}),
    sha: pinned.sha,
    ref: pinned.ref,
    pinnedFrom: pinned.from,
    pullRequest: request.pullRequest,
    actor: request.login,
    params: view.params,
    dryRun: command.dryRun,
    definition: taskDefinitionOf(definition),
    ...(deployment ? { deploymentId: deployment.id } : {}),
    requestedAt: request.receivedAt,
    gates: {
      ...requirements,
      approvers: [...requirements.approvers],
      teams: [...requirements.teams],
      users: [...requirements.users],
      branches: [...requirements.branches],
      checks: requirements.checks === undefined ? undefined : { named: [...requirements.checks.named] },
    },
    serialized: environment.lock && !command.dryRun,
    ...(pinned.rollbackFrom === undefined ? {} : { rollback: { fromSha: pinned.rollbackFrom } }),
  };
  if (!command.dryRun) await replaceWaitingJobs(ctx, task);
  await enqueueTask(deps, task, current);
  await deps.requestReport(taskId, deployment?.version ?? 1);
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

/** Where the job's live Slack message goes: where it was asked for, else the repository's `slack.channel`. */
function slackTarget(ctx: CommandContext): { channel: string; threadTs?: string | undefined } | undefined {
  if (ctx.request.slack !== undefined) return ctx.request.slack;
  const channel = ctx.config.slack.channel;
  return channel === undefined ? undefined : { channel };
}

function refused(reasons: readonly Refusal[]): AcceptOutcome {
  return { kind: "refused", reasons };
}
