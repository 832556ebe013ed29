import type { EnvironmentConfig, EnvironmentRequirements, TaskDefinition } from "../config/repo-config.ts";
import { type JobView, NOT_STARTED, type TaskStep } from "../jobs/job-view.ts";
import { type TaskFiles, type TaskJob, taskJobId } from "../jobs/task-job.schema.ts";
import type { Pinned } from "./authorize-task.ts";
import type { CommandContext } from "./command-context.ts";
import { enqueueTask } from "./enqueue-task.ts";
import { ensureDeployment } from "./ensure-deployment.ts";
import { replaceWaitingJobs } from "./replace-waiting-jobs.ts";
import { taskDefinitionOf } from "./task-definition-of.ts";

/** An authorized command, ready to become a job. */
export interface AcceptedTask {
  task: "deploy" | "migrate" | "provision";
  environment: EnvironmentConfig;
  /** The gates it was accepted under: checked again when it leaves the line; approvers make it wait. */
  requirements: EnvironmentRequirements;
  definition: TaskDefinition;
  pinned: Pinned;
  params: Record<string, string>;
  dryRun: boolean;
  /** Whether a GitHub Deployment follows the job (deploys and rollbacks, not dry runs). */
  deployment: boolean;
  /** Whether it replaces the job of the same kind this pull request still has waiting there. */
  replacesWaiting: boolean;
  /** Files it keeps for a later job, or gets from an earlier one. */
  files?: TaskFiles | undefined;
  /** The step it runs, for the words its reports use ("Planned", "Applied"). */
  step?: TaskStep | undefined;
}

/**
 * Turns an authorized command into a job: its record (awaiting approval when the environment names
 * approvers), its Deployment, its place in the environment's line and its queue entry. Safe to repeat:
 * a retried intake finds the record and carries on from it.
 */
export async function queueTask(ctx: CommandContext, accepted: AcceptedTask): Promise<{ taskId: string }> {
  const { deps, github, request } = ctx;
  const { environment, requirements, pinned, dryRun } = accepted;
  const taskId = taskJobId(request.idBase, ctx.line);
  const now = deps.now();
  const needsApproval = requirements.approvers.length > 0 && !dryRun;
  const view: JobView = {
    id: taskId,
    task: accepted.task,
    state: needsApproval ? "awaiting_approval" : "queued",
    repository: {
      owner: request.repository.owner,
      name: request.repository.name,
      htmlUrl: request.repository.htmlUrl,
    },
    environment: environment.name,
    environmentUrl: environment.url,
    sha: pinned.sha,
    ref: pinned.ref,
    pullRequest: request.pullRequest,
    actor: request.login,
    dryRun,
    params: accepted.params,
    queuedAt: now,
    ...NOT_STARTED,
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
    ...(accepted.step === undefined ? {} : { step: accepted.step }),
  };
  const created = await deps.records.create(view, {
    installationId: request.installationId,
    owner: request.repository.owner,
    repo: request.repository.name,
    pullRequest: request.pullRequest,
    commentId: request.commentId,
    deploymentId: undefined,
    slack: slackTarget(ctx),
  });
  // A retried intake carries on from what the record says, never from the view it built again.
  const current = created ? view : ((await deps.records.load(taskId))?.view ?? view);
  const deployment = accepted.deployment
    ? await ensureDeployment(deps, github, { taskId, view, environment, created })
    : undefined;
  const task: TaskJob = {
    v: 1,
    id: taskId,
    task: accepted.task,
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
    dryRun,
    definition: taskDefinitionOf(accepted.definition),
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
    serialized: environment.lock && !dryRun,
    ...(pinned.rollbackFrom === undefined ? {} : { rollback: { fromSha: pinned.rollbackFrom } }),
    ...(accepted.files === undefined ? {} : { files: accepted.files }),
  };
  if (accepted.replacesWaiting) await replaceWaitingJobs(ctx, task);
  await enqueueTask(deps, task, current);
  await deps.requestReport(taskId, deployment?.version ?? 1);
  return { taskId };
}

/** Where the job's live Slack message goes: where it was asked for, else the repository's `slack.channel`. */
function slackTarget(ctx: CommandContext): { channel: string; threadTs?: string | undefined } | undefined {
  if (ctx.request.slack !== undefined) return ctx.request.slack;
  const channel = ctx.config.slack.channel;
  return channel === undefined ? undefined : { channel };
}
