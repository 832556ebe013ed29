import type { Repository } from "../jobs/repository.schema.ts";
import type { JobRecord } from "../queue/job-records.ts";
import { autoDeploy, autoDeployEnvironments } from "./auto-deploy-accept.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { type BranchPush, readBranchPush } from "./push-branch-head.ts";
import { DONE, type IntakeStep, lookAgainAt } from "./push-intake-step.ts";

/** A pushed commit waiting for its checks before it is auto-deployed. */
export interface AutoDeployWait {
  installationId: number;
  repository: Repository;
  branch: string;
  sha: string;
  actor: string;
  /** When the wait began: looks space out as it lasts. */
  since: number;
}

// The longest a check may run (24 h) and then some: a wait that outlives it has lost its checks.
const MAX_WAIT_MS = 25 * 3_600_000;
// How long a passed check's run may lag behind in GitHub before the deploy stops waiting for it.
const MIRROR_GRACE_MS = 60_000;
// While one intake deploys, another that finds the checks green too waits this long before looking again.
const DEPLOYING_MS = 120_000;

type Readiness = { kind: "ready"; push: BranchPush } | { kind: "waiting" } | { kind: "skip"; reason: string };

/**
 * Auto-deploys the commit once every check of its push has passed, and never when one failed or was
 * cancelled, or when a newer push reached the branch first (the newest push wins). Until then, asks
 * to be looked at again. Each push deploys at most once, however many intakes find its checks green.
 */
export async function autoDeployWhenGreen(deps: IntakeDeps, wait: AutoDeployWait): Promise<IntakeStep> {
  const github = await deps.github(wait.installationId);
  const { repository } = wait;
  const loaded = await deps.configCache.load(github, {
    owner: repository.owner,
    repo: repository.name,
    id: repository.id,
    defaultBranch: repository.defaultBranch,
  });
  if (loaded.kind !== "valid" || autoDeployEnvironments(loaded.config, wait.branch).length === 0) return DONE;
  const now = deps.now();
  const readiness = await readinessOf(deps, wait);
  if (readiness.kind === "skip") {
    deps.log.info({ repository: repository.id, branch: wait.branch, sha: wait.sha }, readiness.reason);
    return DONE;
  }
  if (readiness.kind === "waiting") {
    return now - wait.since > MAX_WAIT_MS ? DONE : lookAgainAt(now, wait.since);
  }
  const marker = `${deps.prefix}:auto-deployed:${readiness.push.deliveryId}`;
  const claimed = await deps.redis.set(marker, "deploying", "PX", DEPLOYING_MS, "NX");
  if (claimed !== "OK") {
    return (await deps.redis.get(marker)) === "done" ? DONE : { kind: "wait", until: now + 2_000 };
  }
  try {
    await autoDeploy(deps, github, loaded.config, {
      installationId: wait.installationId,
      repository,
      branch: wait.branch,
      sha: wait.sha,
      actor: wait.actor,
      idBase: `auto-${readiness.push.deliveryId}`,
      receivedAt: now,
    });
  } catch (error) {
    await deps.redis.del(marker);
    throw error;
  }
  await deps.redis.set(marker, "done", "EX", 7 * 24 * 3600);
  return DONE;
}

async function readinessOf(deps: IntakeDeps, wait: AutoDeployWait): Promise<Readiness> {
  const ref = {
    redis: deps.redis,
    prefix: deps.prefix,
    repositoryId: wait.repository.id,
    branch: wait.branch,
  };
  const push = await readBranchPush(ref);
  if (push === undefined || push.sha !== wait.sha) {
    return { kind: "skip", reason: "auto-deploy skipped: a newer push reached the branch" };
  }
  const records = await Promise.all(Object.values(push.checks).map((id) => deps.records.load(id)));
  const states = records.map((record) => record?.view.state);
  if (states.some((state) => state === undefined || !["queued", "running", "succeeded"].includes(state))) {
    return { kind: "skip", reason: "auto-deploy skipped: a check did not pass" };
  }
  const now = deps.now();
  const shown = records.every((record) => record !== undefined && shownGreen(record, now));
  return shown ? { kind: "ready", push } : { kind: "waiting" };
}

/**
 * Whether a check passed and GitHub shows it so: an environment with `require.checks` reads the check
 * runs, and one still shown running would refuse the deploy. A check run that never catches up (its
 * report gave up) stops holding the deploy back after a while; the gates then say what they see.
 */
function shownGreen(record: JobRecord, now: number): boolean {
  if (record.view.state !== "succeeded") return false;
  if (Number(record.marks.checkRunVersion ?? 0) >= record.version) return true;
  return now - (record.view.finishedAt ?? now) > MIRROR_GRACE_MS;
}
