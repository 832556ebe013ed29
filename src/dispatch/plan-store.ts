import type { Redis } from "ioredis";

/** The latest plan of one environment for one pull request (or for the default branch). */
export interface PlanRecord {
  jobId: string;
  /** The commit it was made on. */
  sha: string;
  /** When the plan was accepted (ms since the epoch). */
  at: number;
  /** The apply job that spent it, once one was accepted. */
  spentBy: string | undefined;
}

/** Whose plan: one per repository, environment and pull request (`undefined`: the default branch). */
export interface PlanScope {
  repositoryId: number;
  environment: string;
  pullRequest: number | undefined;
}

export type SpendResult = { kind: "spent" } | { kind: "already-spent"; by: string } | { kind: "replaced" };

// Only the plan that was checked may be spent, and only once; the same apply spending it again (a
// retried intake) is fine.
const SPEND_SCRIPT = `
if redis.call('HGET', KEYS[1], 'jobId') ~= ARGV[1] then return 'replaced' end
local spent = redis.call('HGET', KEYS[1], 'spentBy')
if spent and spent ~= ARGV[2] then return spent end
redis.call('HSET', KEYS[1], 'spentBy', ARGV[2])
return 'ok'
`;

// A retried intake of the same plan must not bring back a plan that an apply has spent since.
const RECORD_SCRIPT = `
if redis.call('HGET', KEYS[1], 'jobId') == ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'jobId', ARGV[1], 'sha', ARGV[2], 'at', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

// Longer than any `max_plan_age`, so a plan too old to apply is refused as stale rather than missing.
const PLAN_TTL_MS = 8 * 86_400_000;

/** Where each environment's latest plan is kept, so that `/provision <env> apply` applies exactly it. */
export class PlanStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  key(scope: PlanScope): string {
    const pr = scope.pullRequest === undefined ? "default-branch" : String(scope.pullRequest);
    return `${this.#prefix}:plan:${scope.repositoryId}:${scope.environment.toLowerCase()}:${pr}`;
  }

  /** Makes `plan` the latest one, unspent, in place of any earlier plan. */
  async record(scope: PlanScope, plan: { jobId: string; sha: string; at: number }): Promise<void> {
    const args = [plan.jobId, plan.sha, String(plan.at), String(PLAN_TTL_MS)];
    await this.#redis.eval(RECORD_SCRIPT, 1, this.key(scope), ...args);
  }

  async latest(scope: PlanScope): Promise<PlanRecord | undefined> {
    const fields = await this.#redis.hgetall(this.key(scope));
    if (fields.jobId === undefined || fields.sha === undefined) return undefined;
    return { jobId: fields.jobId, sha: fields.sha, at: Number(fields.at ?? 0), spentBy: fields.spentBy };
  }

  /** Whether the files job `jobId` kept are still stored (the worker keeps them at `<prefix>:artifacts:<jobId>`). */
  async filesKept(jobId: string): Promise<boolean> {
    return (await this.#redis.exists(`${this.#prefix}:artifacts:${jobId}`)) === 1;
  }

  /** Marks plan `jobId` spent by `applyId`, unless another apply spent it or a newer plan replaced it. */
  async spend(scope: PlanScope, jobId: string, applyId: string): Promise<SpendResult> {
    const result = String(await this.#redis.eval(SPEND_SCRIPT, 1, this.key(scope), jobId, applyId));
    if (result === "ok") return { kind: "spent" };
    if (result === "replaced") return { kind: "replaced" };
    return { kind: "already-spent", by: result };
  }
}
