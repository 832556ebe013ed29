import type { CheckRerunJob } from "../jobs/push-intake-job.schema.ts";
import { CONFIG_CHECK_NAME } from "../reporting/render/check-run-config.ts";
import { autoDeployEnvironments } from "./auto-deploy-accept.ts";
import { autoDeployWhenGreen } from "./auto-deploy-wait.ts";
import { checkConfigFile, configCheckedKey } from "./check-config-file.ts";
import { queueCheckJobs } from "./check-jobs.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { replaceBranchCheck } from "./push-branch-head.ts";
import { DONE, type IntakeStep, setUpOnce } from "./push-intake-step.ts";

/**
 * "Re-run" pressed in GitHub, on one check run or on the whole suite:
 * 1. each check named (or every one of `checks:`, and the config check if the commit had one) runs
 *    again as a new job with a new check run, with the command the default branch's config has now;
 * 2. when the commit is still its branch's newest push, the new jobs take the old ones' place, and a
 *    branch that is auto-deployed waits for them as a push would: a flaky check re-run green deploys.
 */
export async function processCheckRerun(deps: IntakeDeps, job: CheckRerunJob): Promise<IntakeStep> {
  const key = `${deps.prefix}:rerun-set-up:${job.deliveryId}`;
  const waits = await setUpOnce(deps.redis, key, () => rerun(deps, job));
  if (!waits || job.branch === undefined) return DONE;
  return autoDeployWhenGreen(deps, {
    installationId: job.installationId,
    repository: job.repository,
    branch: job.branch,
    sha: job.sha,
    actor: job.sender,
    since: job.receivedAt,
  });
}

async function rerun(deps: IntakeDeps, job: CheckRerunJob): Promise<boolean> {
  const github = await deps.github(job.installationId);
  const { repository } = job;
  const configChecked = configCheckedKey(deps.prefix, repository.id, job.sha);
  const wantsConfig =
    job.checkName === CONFIG_CHECK_NAME ||
    (job.checkName === undefined && (await deps.redis.exists(configChecked)) === 1);
  if (wantsConfig) {
    await checkConfigFile(deps, github, { repository, sha: job.sha, requestId: `rerun-${job.deliveryId}` });
  }
  const config = await deps.configCache.load(github, {
    owner: repository.owner,
    repo: repository.name,
    id: repository.id,
    defaultBranch: repository.defaultBranch,
  });
  if (config.kind !== "valid") return false;
  const wanted = config.config.checks
    .map((check, index) => ({ check, n: index + 1 }))
    .filter(({ check }) => job.checkName === undefined || check.name === job.checkName);
  if (wanted.length === 0) return false;
  const ids = await queueCheckJobs(
    deps,
    {
      installationId: job.installationId,
      repository,
      sha: job.sha,
      branch: job.branch,
      actor: job.sender,
      idBase: job.deliveryId,
      requestedAt: job.receivedAt,
    },
    wanted,
  );
  if (job.branch === undefined) return false;
  const ref = { redis: deps.redis, prefix: deps.prefix, repositoryId: repository.id, branch: job.branch };
  let newest = true;
  for (const [name, id] of Object.entries(ids)) {
    newest = (await replaceBranchCheck(ref, job.sha, name, id)) && newest;
  }
  return newest && autoDeployEnvironments(config.config, job.branch).length > 0;
}
