import type { JobView } from "../jobs/job-view.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import { evaluateGates } from "../policy/gates/evaluate-gates.ts";
import { gatherGateFacts } from "../policy/gates/gather-gate-facts.ts";
import { holdBlocks, holdRefusal } from "../policy/hold-refusal.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import type { TaskDeps } from "./task-deps.ts";

// Facts read when the command was accepted are still current this soon after; an approval never is.
const FRESH_MS = 10_000;

/**
 * The gates once more, as the job leaves its line, on the pinned commit: who asked, reviews and
 * checks, a hold taken since, and for a job that needed approval an approval still fresh and still
 * for the pull request's head. Returns why the job may not run, or undefined when it may.
 */
export async function recheckGates(
  deps: TaskDeps,
  task: TaskJob,
  view: JobView | undefined,
): Promise<string | undefined> {
  const gates = task.gates;
  if (gates === undefined) return undefined;
  const approved = gates.approvers.length > 0 && !task.dryRun;
  const reasons: Refusal[] = [];
  const hold = task.dryRun
    ? undefined
    : await deps.holds.get(repositoryKey(task.repository), task.environment);
  if (holdBlocks(hold, task.pullRequest)) reasons.push(holdRefusal(hold, deps.now()));
  if (deps.now() - task.requestedAt >= FRESH_MS || approved) {
    const github = await deps.github(task.installationId);
    const repo = { owner: task.repository.owner, repo: task.repository.name };
    const pullRequest =
      task.pinnedFrom === "pull-request" && task.pullRequest !== undefined
        ? await github.getPullRequest(repo, task.pullRequest)
        : undefined;
    const requirements = { ...gates, checks: gates.checks };
    const facts = await gatherGateFacts(github, {
      repo,
      requirements,
      requester: task.actor,
      sha: task.sha,
      pullRequest: pullRequest && { number: pullRequest.number, baseRef: pullRequest.baseRef },
      defaultBranch: task.repository.defaultBranch,
      dryRun: task.dryRun,
    });
    reasons.push(...evaluateGates(requirements, task.environment, facts));
    if (pullRequest !== undefined && pullRequest.state !== "open") {
      reasons.push({
        code: "pull-request-closed",
        message: `Pull request #${pullRequest.number} was ${pullRequest.merged ? "merged" : "closed"} while the job waited.`,
        fix: `Deploy a branch instead, for example \`/deploy ${pullRequest.baseRef} to ${task.environment}\`.`,
      });
    }
    if (approved) reasons.push(...approvalProblems(deps.now(), task, view, pullRequest?.headSha));
  }
  if (reasons.length === 0) return undefined;
  return [
    "When its turn came, the environment's gates were no longer met:",
    ...reasons.map((reason) => `- ${reason.message} ${reason.fix}`),
  ].join("\n");
}

function approvalProblems(
  now: number,
  task: TaskJob,
  view: JobView | undefined,
  head: string | undefined,
): Refusal[] {
  const again = `Comment \`/${task.task} ${task.environment}\` again and ask for a new approval.`;
  const approvedAt = view?.approval?.approvedAt;
  const ttl = task.gates?.approvalTtlMs ?? 0;
  if (approvedAt === undefined || now - approvedAt > ttl) {
    return [{ code: "approval-expired", message: "Its approval has lapsed while it waited.", fix: again }];
  }
  if (head !== undefined && head !== task.sha) {
    return [
      {
        code: "approval-stale",
        message: `The pull request's head moved to \`${head.slice(0, 7)}\` after it was approved for \`${task.sha.slice(0, 7)}\`.`,
        fix: again,
      },
    ];
  }
  return [];
}
