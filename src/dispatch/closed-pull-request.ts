import type { ClosedPullRequestJob } from "../jobs/push-intake-job.schema.ts";
import { withdrawClosedPullRequestJobs } from "./closed-withdraw-jobs.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { tearDownTransientEnvironments } from "./teardown-environments.ts";

/**
 * The pipeline for a closed or merged pull request (its holds were released when the event came in):
 * 1. its jobs that have not started are withdrawn, so nothing deploys a closed pull request;
 * 2. the config is read from the default branch;
 * 3. each `transient` environment it was the last to deploy to is torn down and its deployments
 *    marked inactive.
 * Each step is safe to repeat when the queue retries.
 */
export async function processClosedPullRequest(deps: IntakeDeps, job: ClosedPullRequestJob): Promise<void> {
  const withdrawn = await withdrawClosedPullRequestJobs(deps, job);
  const github = await deps.github(job.installationId);
  const config = await deps.configCache.load(github, {
    owner: job.repository.owner,
    repo: job.repository.name,
    id: job.repository.id,
    defaultBranch: job.repository.defaultBranch,
  });
  if (config.kind !== "valid") return;
  const teardowns = await tearDownTransientEnvironments(deps, github, config.config, job);
  if (withdrawn.length + teardowns.length > 0) {
    deps.log.info(
      { repository: job.repository.id, pullRequest: job.pullRequest, withdrawn, teardowns },
      "pull request closed",
    );
  }
}
