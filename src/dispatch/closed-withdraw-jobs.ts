import type { ClosedPullRequestJob } from "../jobs/push-intake-job.schema.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import { loadTask, withdrawTask } from "./enqueue-task.ts";
import type { IntakeDeps } from "./intake-deps.ts";

const WAITING = ["queued", "awaiting_approval"] as const;

/**
 * Withdraws every job of the closed pull request that has not started, as `/cancel` would: a closed
 * pull request's deploys are not wanted any more. Running jobs finish; their workers own them.
 */
export async function withdrawClosedPullRequestJobs(
  deps: IntakeDeps,
  job: ClosedPullRequestJob,
): Promise<string[]> {
  const open = await deps.records.unfinished(job.repository);
  const waiting = open.filter(
    ({ view }) =>
      view.pullRequest === job.pullRequest && (view.state === "queued" || view.state === "awaiting_approval"),
  );
  const withdrawn: string[] = [];
  for (const { view } of waiting) {
    const now = deps.now();
    const version = await deps.records.transition(view.id, WAITING, {
      state: "cancelled",
      cancelledBy: job.sender,
      finishedAt: now,
      problem: `Pull request #${job.pullRequest} was ${job.merged ? "merged" : "closed"} before this job started.`,
    });
    if (version === 0) continue;
    const task = await loadTask(deps, view.id);
    if (task !== undefined) await withdrawTask(deps, task);
    await deps.audit.record({
      at: now,
      action: "cancel",
      actor: job.sender,
      surface: "github",
      repository: repositoryKey(job.repository).fullName,
      environment: view.environment,
      pullRequest: job.pullRequest,
      sha: view.sha,
      job: view.id,
      outcome: "withdrawn",
      reason: job.merged ? "pull request merged" : "pull request closed",
    });
    await deps.requestReport(view.id, version, "now");
    withdrawn.push(view.id);
  }
  return withdrawn;
}
