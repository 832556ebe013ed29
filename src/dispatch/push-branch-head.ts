import type { Redis } from "ioredis";

/** The newest push Shipmate has seen on a branch, and the check jobs that run on it, by check name. */
export interface BranchPush {
  deliveryId: string;
  sha: string;
  receivedAt: number;
  checks: Record<string, string>;
}

export type PushRegistration =
  | { kind: "newest"; previous: BranchPush | undefined }
  /** A newer push was seen first (deliveries may arrive out of order): this one is already superseded. */
  | { kind: "stale"; newest: BranchPush };

const TTL_SECONDS = 30 * 24 * 3600;

// Compare and swap in one step, so two pushes processed at once cannot both believe they are the newest.
const REGISTER = `
local raw = redis.call('GET', KEYS[1])
local new = cjson.decode(ARGV[1])
if raw then
  local old = cjson.decode(raw)
  if old.deliveryId == new.deliveryId then return {'newest', ''} end
  if old.receivedAt > new.receivedAt then return {'stale', raw} end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return {'newest', raw or ''}
`;

// A re-run replaces one check's job, but only while the branch still points at the commit it ran on.
const REPLACE_CHECK = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local push = cjson.decode(raw)
if push.sha ~= ARGV[1] then return 0 end
push.checks[ARGV[2]] = ARGV[3]
redis.call('SET', KEYS[1], cjson.encode(push), 'KEEPTTL')
return 1
`;

/** Where a branch's newest push is kept. */
export interface BranchRef {
  redis: Redis;
  prefix: string;
  repositoryId: number;
  branch: string;
}

function keyOf(ref: BranchRef): string {
  return `${ref.prefix}:branch-push:${ref.repositoryId}:${ref.branch}`;
}

/** Records `push` as the branch's newest unless a newer one is already there; returns the one it replaced. */
export async function registerPush(ref: BranchRef, push: BranchPush): Promise<PushRegistration> {
  const args = [JSON.stringify(push), String(TTL_SECONDS)];
  const [kind, raw] = (await ref.redis.eval(REGISTER, 1, keyOf(ref), ...args)) as [string, string];
  if (kind === "stale") return { kind: "stale", newest: parse(raw) };
  return { kind: "newest", previous: raw === "" ? undefined : parse(raw) };
}

/** The branch's newest push, if one was seen in the last 30 days. */
export async function readBranchPush(ref: BranchRef): Promise<BranchPush | undefined> {
  const raw = await ref.redis.get(keyOf(ref));
  return raw === null ? undefined : parse(raw);
}

/** Points the branch's check `name` at a re-run's job; false when the branch has moved past `sha`. */
export async function replaceBranchCheck(
  ref: BranchRef,
  sha: string,
  name: string,
  jobId: string,
): Promise<boolean> {
  return Number(await ref.redis.eval(REPLACE_CHECK, 1, keyOf(ref), sha, name, jobId)) === 1;
}

function parse(raw: string): BranchPush {
  const push = JSON.parse(raw) as BranchPush;
  // Lua's JSON encoder writes an empty object as an empty array.
  return { ...push, checks: Array.isArray(push.checks) ? {} : push.checks };
}
