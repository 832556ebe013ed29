import type { EnvironmentConfig, RepoConfig, TaskDefinition } from "../config/repo-config.ts";
import type { GitHubClient } from "../github/github-client.ts";
import { type JobView, NOT_STARTED } from "../jobs/job-view.ts";
import type { ClosedPullRequestJob } from "../jobs/push-intake-job.schema.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import { environmentHolder } from "./closed-environment-holder.ts";
import { enqueueTask } from "./enqueue-task.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { taskDefinitionOf } from "./task-definition-of.ts";

// Enough history to find this pull request's deployments among the environment's recent ones.
const DEPLOYMENTS_READ = 30;
const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * For each `transient` environment that runs the closed pull request's code (its newest deployment that
 * ran, or is running, came from it): queues its `teardown` task on that commit (in the environment's
 * line, so it never overlaps a deploy there) and marks the pull request's deployments there inactive.
 * An environment that another pull request has deployed to since is left alone: it is theirs now.
 * Returns the teardown job ids.
 */
export async function tearDownTransientEnvironments(
  deps: IntakeDeps,
  github: GitHubClient,
  config: RepoConfig,
  job: ClosedPullRequestJob,
): Promise<string[]> {
  const repo = { owner: job.repository.owner, repo: job.repository.name };
  const queued: string[] = [];
  for (const [index, environment] of config.environments.entries()) {
    if (!environment.transient) continue;
    const deployments = await github.listDeploymentOrigins(repo, environment.name, DEPLOYMENTS_READ);
    const holder = await environmentHolder(deps, deployments);
    if (holder === undefined || holder.pullRequest !== job.pullRequest) continue;
    const n = index + 1;
    const teardown = environment.teardown;
    if (teardown !== undefined && FULL_SHA.test(holder.sha)) {
      queued.push(await queueTeardown(deps, job, { environment, teardown }, config, { sha: holder.sha, n }));
    }
    const done = `${deps.prefix}:closed-inactive:${job.deliveryId}-${n}`;
    if ((await deps.redis.exists(done)) === 1) continue;
    const why = job.merged ? "merged" : "closed";
    for (const deployment of deployments.filter((d) => d.pullRequest === job.pullRequest)) {
      await github.createDeploymentStatus(repo, deployment.id, {
        state: "inactive",
        description: `Pull request #${job.pullRequest} was ${why}: ${environment.name} is retired.`,
        environmentUrl: undefined,
        logUrl: undefined,
      });
    }
    await deps.redis.set(done, "1", "EX", 7 * 24 * 3600);
  }
  return queued;
}

async function queueTeardown(
  deps: IntakeDeps,
  job: ClosedPullRequestJob,
  { environment, teardown }: { environment: EnvironmentConfig; teardown: TaskDefinition },
  config: RepoConfig,
  at: { sha: string; n: number },
): Promise<string> {
  const id = `teardown-${job.deliveryId}-${at.n}`;
  const ref = job.headRef === "" ? at.sha : job.headRef;
  const view: JobView = {
    id,
    task: "teardown",
    state: "queued",
    repository: { owner: job.repository.owner, name: job.repository.name, htmlUrl: job.repository.htmlUrl },
    environment: environment.name,
    environmentUrl: environment.url,
    sha: at.sha,
    ref,
    pullRequest: job.pullRequest,
    actor: job.sender,
    dryRun: false,
    params: {},
    queuedAt: deps.now(),
    ...NOT_STARTED,
  };
  const channel = config.slack.channel;
  const created = await deps.records.create(view, {
    installationId: job.installationId,
    owner: job.repository.owner,
    repo: job.repository.name,
    pullRequest: job.pullRequest,
    commentId: undefined,
    deploymentId: undefined,
    slack: channel === undefined ? undefined : { channel },
  });
  const current = created ? view : ((await deps.records.load(id))?.view ?? view);
  // The commit that was deployed there: its teardown script knows how to remove what it set up.
  const task: TaskJob = {
    v: 1,
    id,
    task: "teardown",
    installationId: job.installationId,
    repository: job.repository,
    environment: environment.name,
    ...(environment.url === undefined ? {} : { environmentUrl: environment.url }),
    sha: at.sha,
    ref,
    pinnedFrom: "ref",
    pullRequest: job.pullRequest,
    actor: job.sender,
    params: {},
    dryRun: false,
    definition: taskDefinitionOf(teardown),
    requestedAt: job.receivedAt,
    serialized: true,
  };
  await enqueueTask(deps, task, current);
  if (created) await deps.requestReport(id, 1);
  return id;
}
