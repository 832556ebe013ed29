import type { CheckTask } from "../config/repo-config.ts";
import { type JobView, NOT_STARTED } from "../jobs/job-view.ts";
import type { Repository } from "../jobs/repository.schema.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import { enqueueTask } from "./enqueue-task.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { taskDefinitionOf } from "./task-definition-of.ts";

/** A commit to check, and who and what asked for it. */
export interface CheckRequest {
  installationId: number;
  repository: Repository;
  sha: string;
  /** The branch pushed, when known: the checks see it as `SHIPMATE_REF`. */
  branch: string | undefined;
  actor: string;
  /** What the job ids are built from (`check-<idBase>-<n>`): the delivery that asked. */
  idBase: string;
  requestedAt: number;
}

/** A check job's id: `n` is the check's place in `checks:` (1-based), so a retried intake makes the same ids. */
export function checkJobId(idBase: string, n: number): string {
  return `check-${idBase}-${n}`;
}

/**
 * Queues one task job per check, each mirrored as its own check run. Checks are not lined up on
 * any environment: they change nothing outside their workspace, so they run side by side.
 * Returns the job ids by check name.
 */
export async function queueCheckJobs(
  deps: IntakeDeps,
  request: CheckRequest,
  checks: readonly { check: CheckTask; n: number }[],
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const { check, n } of checks) {
    const id = checkJobId(request.idBase, n);
    ids[check.name] = id;
    const view = checkView(id, request, deps.now());
    const created = await deps.records.create(view, {
      installationId: request.installationId,
      owner: request.repository.owner,
      repo: request.repository.name,
      pullRequest: undefined,
      commentId: undefined,
      deploymentId: undefined,
      checkRun: { name: check.name },
    });
    const current = created ? view : ((await deps.records.load(id))?.view ?? view);
    const task: TaskJob = {
      v: 1,
      id,
      task: "check",
      installationId: request.installationId,
      repository: request.repository,
      environment: "",
      sha: request.sha,
      ref: request.branch ?? request.sha,
      pinnedFrom: "ref",
      actor: request.actor,
      params: {},
      dryRun: false,
      definition: taskDefinitionOf(check.task),
      requestedAt: request.requestedAt,
      serialized: false,
    };
    await enqueueTask(deps, task, current);
    if (created) await deps.requestReport(id, 1);
  }
  return ids;
}

function checkView(id: string, request: CheckRequest, now: number): JobView {
  return {
    id,
    task: "check",
    state: "queued",
    repository: {
      owner: request.repository.owner,
      name: request.repository.name,
      htmlUrl: request.repository.htmlUrl,
    },
    environment: "",
    environmentUrl: undefined,
    sha: request.sha,
    ref: request.branch ?? request.sha,
    pullRequest: undefined,
    actor: request.actor,
    dryRun: false,
    params: {},
    queuedAt: now,
    ...NOT_STARTED,
  };
}
