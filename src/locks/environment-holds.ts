import type { Redis } from "ioredis";
import type { AuditTrail } from "../audit/audit-trail.ts";
import type { HoldView } from "../jobs/hold-view.ts";
import { swapHashField } from "./hash-field-swap.ts";
import { lockEvent, systemReleaseEvent, unlockEvent } from "./hold-audit.ts";
import { decodeHold, encodeHold } from "./hold-codec.ts";
import { decideTake, isExpired, mayRelease, type TakeRequest } from "./hold-rules.ts";

export interface RepoKey {
  id: number;
  /** `owner/name`, as audit events name the repository. */
  fullName: string;
}

export type TakeResult =
  | { kind: "taken"; hold: HoldView }
  /** This pull request already held it: reason and expiry were updated. */
  | { kind: "renewed"; hold: HoldView }
  | { kind: "held-by-other"; hold: HoldView };

export type ReleaseResult =
  | { kind: "released"; hold: HoldView }
  | { kind: "not-held" }
  | { kind: "not-allowed"; hold: HoldView };

type Surface = "github" | "slack";

// Each attempt loses only when another writer changed the same hold in between; this many in a row is a fault.
const MAX_ATTEMPTS = 20;

/**
 * Environments held by people (`/lock`), one Redis hash per repository keyed by the lower-cased
 * environment name. Every change is a compare-and-swap on the stored value, so racing writers cannot
 * both win, and every change goes to the audit trail.
 */
export class EnvironmentHolds {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #audit: AuditTrail;
  readonly #now: () => number;

  constructor(redis: Redis, prefix: string, audit: AuditTrail, now: () => number) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#audit = audit;
    this.#now = now;
  }

  /** Holds the environment for the pull request, renews the PR's own hold, or names the other holder. */
  async take(repo: RepoKey, request: TakeRequest & { surface: Surface }): Promise<TakeResult> {
    const key = this.#key(repo);
    const field = request.environment.toLowerCase();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = (await this.#redis.hget(key, field)) ?? undefined;
      const current = raw === undefined ? undefined : decodeHold(raw);
      const at = this.#now();
      const decision = decideTake(current, request, at);
      const context = { at, actor: request.login, surface: request.surface, repository: repo.fullName };
      if (decision.kind !== "held-by-other") {
        if (!(await swapHashField(this.#redis, key, field, raw, encodeHold(decision.hold)))) continue;
        if (current !== undefined && decision.kind === "taken") {
          await this.#audit.record(systemReleaseEvent(at, repo.fullName, current, "expired"));
        }
      }
      await this.#audit.record(lockEvent(context, request.pullRequest, decision));
      return decision;
    }
    throw new Error(`the hold on ${request.environment} kept changing under /lock`);
  }

  /** Releases the hold for the login that took it or for an admin. */
  async release(
    repo: RepoKey,
    request: { environment: string; login: string; isAdmin: boolean; surface: Surface },
  ): Promise<ReleaseResult> {
    const key = this.#key(repo);
    const field = request.environment.toLowerCase();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.#redis.hget(key, field);
      if (raw === null) return { kind: "not-held" };
      const hold = decodeHold(raw);
      if (isExpired(hold, this.#now())) {
        await this.#expire(repo, field, raw, hold);
        continue;
      }
      if (!mayRelease(hold, request.login, request.isAdmin)) return { kind: "not-allowed", hold };
      if (!(await swapHashField(this.#redis, key, field, raw, undefined))) continue;
      const context = { at: this.#now(), actor: request.login, surface: request.surface };
      await this.#audit.record(unlockEvent({ ...context, repository: repo.fullName }, hold));
      return { kind: "released", hold };
    }
    throw new Error(`the hold on ${request.environment} kept changing under /unlock`);
  }

  /** The environment's live hold; one past its expiry is removed (and audited once) on the way. */
  async get(repo: RepoKey, environment: string): Promise<HoldView | undefined> {
    const field = environment.toLowerCase();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.#redis.hget(this.#key(repo), field);
      if (raw === null) return undefined;
      const hold = decodeHold(raw);
      if (!isExpired(hold, this.#now())) return hold;
      await this.#expire(repo, field, raw, hold);
    }
    throw new Error(`the hold on ${environment} kept changing while it was read`);
  }

  /** Every live hold of the repository, sorted by environment. */
  async list(repo: RepoKey): Promise<HoldView[]> {
    const entries = Object.entries(await this.#redis.hgetall(this.#key(repo)));
    const holds: HoldView[] = [];
    for (const [field, raw] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const hold = decodeHold(raw);
      const live = isExpired(hold, this.#now()) ? await this.get(repo, field) : hold;
      if (live !== undefined) holds.push(live);
    }
    return holds;
  }

  /** Ends every hold of a pull request that was merged or closed; returns the holds it ended. */
  async releaseForPullRequest(
    repo: RepoKey,
    pullRequest: number,
    why: "merged" | "closed",
  ): Promise<HoldView[]> {
    const entries = Object.entries(await this.#redis.hgetall(this.#key(repo)));
    const released: HoldView[] = [];
    for (const [field, raw] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const hold = decodeHold(raw);
      if (hold.pullRequest !== pullRequest) continue;
      if (isExpired(hold, this.#now())) {
        await this.#expire(repo, field, raw, hold);
        continue;
      }
      // A hold changed since it was read belongs to whoever changed it; it is left alone.
      if (!(await swapHashField(this.#redis, this.#key(repo), field, raw, undefined))) continue;
      await this.#audit.record(systemReleaseEvent(this.#now(), repo.fullName, hold, why));
      released.push(hold);
    }
    return released;
  }

  #key(repo: RepoKey): string {
    return `${this.#prefix}:holds:${repo.id}`;
  }

  // Only the caller whose swap deletes the expired value audits it, however many readers race.
  async #expire(repo: RepoKey, field: string, raw: string, hold: HoldView): Promise<void> {
    if (await swapHashField(this.#redis, this.#key(repo), field, raw, undefined)) {
      await this.#audit.record(systemReleaseEvent(this.#now(), repo.fullName, hold, "expired"));
    }
  }
}
