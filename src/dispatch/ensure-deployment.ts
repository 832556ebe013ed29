import type { GitHubClient } from "../github/github-client.ts";
import type { JobView } from "../jobs/job-view.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/** Creates the job's Deployment once: a retried intake finds it in the record. Returns the record's version. */
export async function ensureDeployment(
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
  const verb = view.rollback === undefined ? "deploys" : "rolls back to";
  const deployment = await github.createDeployment(repo, {
    sha: view.sha,
    environment: environment.name,
    description: `Shipmate: ${view.actor} ${verb} ${view.ref}`.slice(0, 140),
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
