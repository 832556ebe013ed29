import type { Redis } from "ioredis";
import { type LineKey, lineKeys } from "./line-keys.ts";
import { JOIN, LEAVE, PRUNE, RELEASE, RENEW, TRY_START } from "./line-scripts.ts";

export type { LineKey } from "./line-keys.ts";

/** What a job learns when it asks to start. */
export type StartResult =
  /** This job holds the lease now (or already held it). */
  | { kind: "started" }
  /** `holder` is the job holding the lease; `ahead` the jobs waiting in front of this one, in order. */
  | { kind: "waiting"; holder: string | undefined; ahead: readonly string[] }
  /** The job is neither in line nor the holder: it was cancelled or replaced. */
  | { kind: "not-in-line" };

/**
 * The waiting line and the lease of each repository environment. At most one job holds an environment's
 * lease at a time, across every process; the others wait in the order they joined. The lease carries a
 * TTL that the running worker renews, so a lease outlives a dead worker by at most `leaseMs`.
 */
export class EnvironmentLines {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  /** Puts the job at the back of the line; a job already in line keeps its place. */
  async join(key: LineKey, jobId: string): Promise<void> {
    const k = lineKeys(this.#prefix, key);
    await this.#redis.eval(JOIN, 3, k.line, k.sequence, k.busy, jobId, k.environment);
  }

  /** Takes the job out of the line; true when it was in line. */
  async leave(key: LineKey, jobId: string): Promise<boolean> {
    const k = lineKeys(this.#prefix, key);
    return Number(await this.#redis.eval(LEAVE, 3, k.line, k.lease, k.busy, jobId, k.environment)) === 1;
  }

  /** The jobs waiting, first in line first (the lease holder is not among them). */
  async waiting(key: LineKey): Promise<string[]> {
    return this.#redis.zrange(lineKeys(this.#prefix, key).line, 0, "-1");
  }

  /** The job holding the lease, if any. */
  async holder(key: LineKey): Promise<string | undefined> {
    return (await this.#redis.get(lineKeys(this.#prefix, key).lease)) ?? undefined;
  }

  /**
   * Starts the job if it holds the lease already (the lease is then refreshed) or if it is first in line
   * and the lease is free (it takes the lease and leaves the line), in one atomic step.
   */
  async tryStart(key: LineKey, jobId: string, leaseMs: number): Promise<StartResult> {
    const k = lineKeys(this.#prefix, key);
    const reply = (await this.#redis.eval(
      TRY_START,
      3,
      k.lease,
      k.line,
      k.busy,
      jobId,
      leaseTtl(leaseMs),
      k.environment,
    )) as [string, string | null | undefined, string[] | undefined];
    const [kind, holder, ahead] = reply;
    if (kind === "started") return { kind: "started" };
    if (kind === "not-in-line") return { kind: "not-in-line" };
    return { kind: "waiting", holder: holder ?? undefined, ahead: ahead ?? [] };
  }

  /** Extends the lease while this job owns it; false when it no longer does (expired or taken over). */
  async renew(key: LineKey, jobId: string, leaseMs: number): Promise<boolean> {
    const k = lineKeys(this.#prefix, key);
    return Number(await this.#redis.eval(RENEW, 1, k.lease, jobId, leaseTtl(leaseMs))) === 1;
  }

  /** Frees the lease if this job holds it and takes the job out of the line; true when it held the lease. */
  async release(key: LineKey, jobId: string): Promise<boolean> {
    const k = lineKeys(this.#prefix, key);
    return Number(await this.#redis.eval(RELEASE, 3, k.lease, k.line, k.busy, jobId, k.environment)) === 1;
  }

  /** The repository's environments (lower case, sorted) that have a waiting line or a held lease. */
  async environmentsWithWork(repositoryId: number): Promise<string[]> {
    const busyKey = lineKeys(this.#prefix, { repositoryId, environment: "" }).busy;
    const names = await this.#redis.smembers(busyKey);
    const live: string[] = [];
    for (const environment of names.sort()) {
      // A lease that expired leaves its name behind; pruning is atomic so a concurrent join is never lost.
      const k = lineKeys(this.#prefix, { repositoryId, environment });
      const pruned = Number(await this.#redis.eval(PRUNE, 3, k.line, k.lease, k.busy, environment));
      if (pruned === 0) live.push(environment);
    }
    return live;
  }
}

function leaseTtl(leaseMs: number): number {
  if (!Number.isFinite(leaseMs) || leaseMs < 1)
    throw new RangeError(`lease must be at least 1 ms, got ${leaseMs}`);
  return Math.ceil(leaseMs);
}
