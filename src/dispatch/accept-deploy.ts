import type { Command } from "../commands/command.ts";
import type { RepoConfig } from "../config/repo-config.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import type { GitHubClient, PullRequestFacts } from "../github/github-client.ts";
import type { IntakeJob } from "../jobs/intake-job.schema.ts";
import type { JobView } from "../jobs/job-view.ts";
import { type TaskJob, taskJobId } from "../jobs/task-job.schema.ts";
import { authorizeDeploy } from "../policy/authorize-deploy.ts";
import { environmentRefusal } from "../policy/environment-refusal.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import type { Role } from "../shared/roles.ts";
import type { IntakeDeps } from "./intake-deps.ts";

export type AcceptOutcome =
  | { kind: "queued"; taskId: string }
  | { kind: "refused"; reasons: readonly Refusal[] };

export interface DeployRequest {
  job: IntakeJob;
  line: number;
  command: Extract<Command, { kind: "deploy" }>;
  config: RepoConfig;
  role: Role;
  pullRequest: PullRequestFacts;
}

const SHA = /^[0-9a-f]{7,40}$/i;

/** Checks one `/deploy`, pins its commit and queues it; a refusal comes back as data. */
export async function acceptDeploy(
  deps: IntakeDeps,
  github: GitHubClient,
  request: DeployRequest,
): Promise<AcceptOutcome> {
  const { job, command, pullRequest } = request;
  const choice = selectEnvironment(request.config, command.environment);
  if (choice.kind !== "chosen") return { kind: "refused", reasons: [environmentRefusal(choice)] };
  const environment = choice.environment;
  const refIsSha = command.ref !== undefined && SHA.test(command.ref);
  const decision = authorizeDeploy({
    requester: job.sender.login,
    role: request.role,
    environment,
    pullRequest,
    deploysRef: command.ref !== undefined,
    refIsSha,
    refIsPullRequest: command.ref !== undefined && /^(refs\/)?pull\//.test(command.ref),
  });
  if (decision.kind === "deny") return { kind: "refused", reasons: decision.reasons };
  const definition = command.dryRun && environment.dryRun ? environment.dryRun : environment.deploy;
  if (!definition) throw new Error("authorized deploy without a deploy task");

  const repo = { owner: job.repository.owner, repo: job.repository.name };
  // The commit is pinned here, once: whatever happens to the branch later, this is what runs.
  const sha = command.ref === undefined ? pullRequest.headSha : await github.resolveRef(repo, command.ref);
  if (sha === undefined || !/^[0-9a-f]{40}$/.test(sha)) {
    return {
      kind: "refused",
      reasons: [
        {
          code: "ref-not-found",
          message: `\`${command.ref ?? ""}\` is not a branch, tag or commit of this repository.`,
          fix: "Check the name, push it, and comment again.",
        },
      ],
    };
  }
  const ref = command.ref ?? pullRequest.headRef;
  const taskId = taskJobId(job.commentId, request.line);
  const now = deps.now();
  const view: JobView = {
    id: taskId,
    task: "deploy",
    state: "queued",
    repository: { owner: job.repository.owner, name: job.repository.name, htmlUrl: job.repository.htmlUrl },
    environment: environment.name,
    environmentUrl: environment.url,
    sha,
    ref,
    pullRequest: job.pullRequest,
    actor: job.sender.login,
    dryRun: command.dryRun,
    params: command.params,
    queuedAt: now,
    startedAt: undefined,
    finishedAt: undefined,
    headMovedTo: undefined,
    output: "",
    exitCode: undefined,
    problem: undefined,
    deploymentUrl: undefined,
  };
  const created = await deps.records.create(view, {
    installationId: job.installationId,
    owner: repo.owner,
    repo: repo.repo,
    pullRequest: job.pullRequest,
    commentId: job.commentId,
    deploymentId: undefined,
  });
  const deployment = command.dryRun
    ? undefined
    : await ensureDeployment(deps, github, { taskId, view, environment, created });
  const deploymentId = deployment?.id;
  const task: TaskJob = {
    v: 1,
    id: taskId,
    task: "deploy",
    installationId: job.installationId,
    repository: job.repository,
    environment: environment.name,
    ...(environment.url ? { environmentUrl: environment.url } : {}),
    sha,
    ref,
    pinnedFrom: command.ref === undefined ? "pull-request" : "ref",
    pullRequest: job.pullRequest,
    actor: job.sender.login,
    params: command.params,
    dryRun: command.dryRun,
    definition: {
      command:
        definition.command.kind === "shell"
          ? definition.command
          : { kind: "argv", argv: [...definition.command.argv] },
      timeoutMs: definition.timeoutMs,
    },
    ...(deploymentId ? { deploymentId } : {}),
    requestedAt: job.receivedAt,
  };
  await deps.tasks.add("deploy", task, { jobId: taskId });
  await deps.requestReport(taskId, deployment?.version ?? 1);
  return { kind: "queued", taskId };
}

/** Creates the job's Deployment once: a retried intake finds it in the record. Returns the record's version. */
async function ensureDeployment(
  deps: IntakeDeps,
  github: GitHubClient,
  input: {
    taskId: string;
    view: JobView;
    environment: { name: string; transient: boolean };
    created: boolean;
  },
): Promise<{ id: number; version: number }> {
  const { taskId, view, environment } = input;
  if (!input.created) {
    const record = await deps.records.load(taskId);
    const existing = record?.targets.deploymentId;
    if (record && existing !== undefined) return { id: existing, version: record.version };
  }
  const repo = { owner: view.repository.owner, repo: view.repository.name };
  const deployment = await github.createDeployment(repo, {
    sha: view.sha,
    environment: environment.name,
    description: `Shipmate: ${view.actor} deploys ${view.ref}`.slice(0, 140),
    payload: { params: view.params, pullRequest: view.pullRequest, actor: view.actor, job: taskId },
    transient: environment.transient,
    production: /^prod(uction)?$/i.test(environment.name),
  });
  await deps.records.setTargets(taskId, { deploymentId: deployment.id });
  const version = await deps.records.patch(taskId, {
    deploymentUrl: `${view.repository.htmlUrl}/deployments/${encodeURIComponent(environment.name)}`,
  });
  return { id: deployment.id, version };
}
