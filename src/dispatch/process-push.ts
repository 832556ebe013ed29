import { SYSTEM_ACTOR } from "../audit/audit-event.ts";
import type { PushJob } from "../jobs/push-intake-job.schema.ts";
import { autoDeployEnvironments } from "./auto-deploy-accept.ts";
import { autoDeployWhenGreen } from "./auto-deploy-wait.ts";
import { checkConfigFile } from "./check-config-file.ts";
import { queueCheckJobs } from "./check-jobs.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { registerPush } from "./push-branch-head.ts";
import { pushTouchesConfig } from "./push-config-touched.ts";
import { DONE, type IntakeStep, setUpOnce } from "./push-intake-step.ts";
import { cancelWaitingChecks } from "./push-supersede.ts";

/**
 * The pipeline for one push:
 * 1. the config is read from the default branch (a branch never chooses what runs on it);
 * 2. if the push changes `.github/shipmate.yml`, the pushed file gets the `shipmate/config` check;
 * 3. each entry of `checks:` becomes a check job on the pushed commit, mirrored as a check run;
 * 4. the push becomes the branch's newest, and the older push's checks that have not started are cancelled;
 * 5. where `auto_deploy` names the branch, the job waits (as a delayed job) for the checks, then deploys.
 * Steps 1–4 happen once per delivery; a retry or a later look goes straight to 5.
 */
export async function processPush(deps: IntakeDeps, job: PushJob): Promise<IntakeStep> {
  const key = `${deps.prefix}:push-set-up:${job.deliveryId}`;
  if (!(await setUpOnce(deps.redis, key, () => setUpPush(deps, job)))) return DONE;
  return autoDeployWhenGreen(deps, {
    installationId: job.installationId,
    repository: job.repository,
    branch: job.branch,
    sha: job.after,
    actor: job.sender,
    since: job.receivedAt,
  });
}

/** Steps 1 to 4; true when the branch is auto-deployed somewhere, so the push has a deploy to wait for. */
async function setUpPush(deps: IntakeDeps, job: PushJob): Promise<boolean> {
  const github = await deps.github(job.installationId);
  const { repository } = job;
  const [config, touched] = await Promise.all([
    deps.configCache.load(github, {
      owner: repository.owner,
      repo: repository.name,
      id: repository.id,
      defaultBranch: repository.defaultBranch,
    }),
    pushTouchesConfig(github, job),
  ]);
  if (touched) {
    await checkConfigFile(deps, github, { repository, sha: job.after, requestId: job.deliveryId });
  }
  if (config.kind !== "valid") return false;
  const checks = await queueCheckJobs(
    deps,
    {
      installationId: job.installationId,
      repository,
      sha: job.after,
      branch: job.branch,
      actor: job.sender,
      idBase: job.deliveryId,
      requestedAt: job.receivedAt,
    },
    config.config.checks.map((check, index) => ({ check, n: index + 1 })),
  );
  const ref = { redis: deps.redis, prefix: deps.prefix, repositoryId: repository.id, branch: job.branch };
  const push = { deliveryId: job.deliveryId, sha: job.after, receivedAt: job.receivedAt, checks };
  const registered = await registerPush(ref, push);
  const newer = { sha: job.after, branch: job.branch, actor: job.sender };
  if (registered.kind === "stale") {
    // A newer push got here first: this one's checks are as moot as if it had come in order.
    const latest = { ...newer, sha: registered.newest.sha, actor: SYSTEM_ACTOR };
    await cancelWaitingChecks(deps, Object.values(checks), latest);
    return false;
  }
  const previous = registered.previous;
  if (previous !== undefined && previous.sha !== job.after) {
    await cancelWaitingChecks(deps, Object.values(previous.checks), newer);
  }
  return autoDeployEnvironments(config.config, job.branch).length > 0;
}
