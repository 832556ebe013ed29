import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, test } from "vitest";
import { AuditTrail } from "../../../src/audit/audit-trail.ts";
import { EnvironmentHolds, type RepoKey } from "../../../src/locks/environment-holds.ts";
import { createLogger } from "../../../src/shared/logger.ts";

// Not from the harness: these tests need Redis only, not the whole app it wires.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const connections = Array.from({ length: 4 }, () => new Redis(REDIS_URL));
const [redis] = connections as [Redis, ...Redis[]];
const prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
const log = createLogger("silent", []);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  for (const connection of connections) connection.disconnect();
});

let repositoryId = 0;
/** A fresh repository per test with a clock the test moves, and an audit trail to read back. */
function setup(connection: Redis = redis) {
  repositoryId += 1;
  const repo: RepoKey = { id: repositoryId, fullName: `acme/shop-${repositoryId}` };
  const clock = { now: 1_000 };
  const audit = new AuditTrail(connection, prefix, log);
  const holds = new EnvironmentHolds(connection, prefix, audit, () => clock.now);
  const events = async () => audit.read({ repository: repo.fullName, count: 1_000 });
  return { repo, clock, audit, holds, events };
}

const LOCK = {
  pullRequest: 41,
  login: "alice",
  reason: "freeze",
  ttlMs: undefined,
  surface: "github",
} as const;

describe("take", () => {
  test("takes a free environment, renews the same PR's hold, and names the holder to others", async () => {
    const { repo, clock, holds, events } = setup();
    const taken = await holds.take(repo, { ...LOCK, environment: "Production" });
    const hold = { environment: "Production", pullRequest: 41, login: "alice", reason: "freeze", at: 1_000 };
    expect(taken).toEqual({ kind: "taken", hold: { ...hold, expiresAt: undefined } });

    clock.now = 2_000;
    const renewed = await holds.take(repo, {
      ...LOCK,
      environment: "production",
      reason: "hotfix",
      ttlMs: 500,
    });
    expect(renewed).toEqual({ kind: "renewed", hold: { ...hold, reason: "hotfix", expiresAt: 2_500 } });

    const refused = await holds.take(repo, {
      ...LOCK,
      environment: "PRODUCTION",
      pullRequest: 42,
      login: "bob",
      surface: "slack",
    });
    expect(refused).toEqual({ kind: "held-by-other", hold: { ...hold, reason: "hotfix", expiresAt: 2_500 } });

    expect(await events()).toEqual([
      {
        at: 1_000,
        action: "lock",
        actor: "alice",
        surface: "github",
        repository: repo.fullName,
        environment: "Production",
        pullRequest: 41,
        outcome: "taken",
        reason: "freeze",
      },
      expect.objectContaining({ at: 2_000, action: "lock", outcome: "renewed", reason: "hotfix" }),
      {
        at: 2_000,
        action: "lock-refused",
        actor: "bob",
        surface: "slack",
        repository: repo.fullName,
        environment: "Production",
        pullRequest: 42,
        reason: "held by @alice for #41 (hotfix)",
      },
    ]);
  });

  test("an expired hold is replaced, and its expiry audited before the new lock", async () => {
    const { repo, clock, holds, events } = setup();
    await holds.take(repo, { ...LOCK, environment: "staging", ttlMs: 100 });
    clock.now = 1_100;
    const taken = await holds.take(repo, { ...LOCK, environment: "staging", pullRequest: 42, login: "bob" });
    expect(taken).toMatchObject({ kind: "taken", hold: { pullRequest: 42, login: "bob", at: 1_100 } });
    expect((await events()).map((e) => [e.action, e.pullRequest])).toEqual([
      ["lock", 41],
      ["lock-expired", 41],
      ["lock", 42],
    ]);
  });

  test("racing takes by different PRs on separate connections: exactly one wins", async () => {
    const racers = connections.map((connection) => setup(connection));
    const { repo } = racers[0] ?? setup();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (racers[i % racers.length] ?? setup()).holds.take(repo, {
          ...LOCK,
          environment: "production",
          pullRequest: 100 + i,
        }),
      ),
    );
    const winners = results.filter((r) => r.kind === "taken");
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.hold.pullRequest;
    expect(results.every((r) => r.kind === "taken" || r.hold.pullRequest === winner)).toBe(true);
  });
});

describe("release", () => {
  test.each([
    { name: "the holder", login: "alice", isAdmin: false, outcome: "released" },
    { name: "the holder in another case", login: "ALICE", isAdmin: false, outcome: "released" },
    { name: "an admin", login: "carol", isAdmin: true, outcome: "released-by-admin" },
  ])("$name may release", async ({ login, isAdmin, outcome }) => {
    const { repo, holds, events } = setup();
    await holds.take(repo, { ...LOCK, environment: "production" });
    const result = await holds.release(repo, { environment: "Production", login, isAdmin, surface: "slack" });
    expect(result).toMatchObject({ kind: "released", hold: { login: "alice", pullRequest: 41 } });
    expect(await holds.get(repo, "production")).toBeUndefined();
    expect((await events()).at(-1)).toEqual({
      at: 1_000,
      action: "unlock",
      actor: login,
      surface: "slack",
      repository: repo.fullName,
      environment: "production",
      pullRequest: 41,
      outcome,
      reason: "held by @alice for #41 (freeze)",
    });
  });

  test("anyone else is refused and the hold stays", async () => {
    const { repo, holds, events } = setup();
    await holds.take(repo, { ...LOCK, environment: "production" });
    const result = await holds.release(repo, {
      environment: "production",
      login: "mallory",
      isAdmin: false,
      surface: "github",
    });
    expect(result).toMatchObject({ kind: "not-allowed", hold: { login: "alice" } });
    expect(await holds.get(repo, "production")).toMatchObject({ login: "alice" });
    expect((await events()).map((e) => e.action)).toEqual(["lock"]);
  });

  test("releasing a free environment says it was not held", async () => {
    const { repo, holds } = setup();
    const request = { environment: "production", login: "alice", isAdmin: true, surface: "github" } as const;
    expect(await holds.release(repo, request)).toEqual({ kind: "not-held" });
  });

  test("releasing an expired hold says it was not held and audits the expiry", async () => {
    const { repo, clock, holds, events } = setup();
    await holds.take(repo, { ...LOCK, environment: "production", ttlMs: 10 });
    clock.now = 2_000;
    const request = { environment: "production", login: "alice", isAdmin: false, surface: "github" } as const;
    expect(await holds.release(repo, request)).toEqual({ kind: "not-held" });
    expect((await events()).map((e) => e.action)).toEqual(["lock", "lock-expired"]);
  });
});

describe("expiry", () => {
  test("a hold past its ttl is gone, audited exactly once however many read it at once", async () => {
    const racers = connections.map((connection) => setup(connection));
    const first = racers[0] ?? setup();
    await first.holds.take(first.repo, { ...LOCK, environment: "production", ttlMs: 60_000 });
    expect(await first.holds.get(first.repo, "production")).toMatchObject({ expiresAt: 61_000 });
    for (const racer of racers) racer.clock.now = 61_000;
    const seen = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const racer = racers[i % racers.length] ?? first;
        return i % 3 === 0 ? racer.holds.list(first.repo) : racer.holds.get(first.repo, "PRODUCTION");
      }),
    );
    expect(seen.every((s) => s === undefined || (Array.isArray(s) && s.length === 0))).toBe(true);
    const expired = (await first.events()).filter((e) => e.action === "lock-expired");
    expect(expired).toEqual([
      {
        at: 61_000,
        action: "lock-expired",
        actor: "shipmate",
        surface: "system",
        repository: first.repo.fullName,
        environment: "production",
        pullRequest: 41,
        outcome: "expired",
        reason: "held by @alice for #41 (freeze)",
      },
    ]);
    expect(await redis.hlen(`${prefix}:holds:${first.repo.id}`)).toBe(0);
  });
});

describe("list and releaseForPullRequest", () => {
  test("list returns the live holds sorted by environment and drops expired ones", async () => {
    const { repo, clock, holds } = setup();
    await holds.take(repo, { ...LOCK, environment: "staging" });
    await holds.take(repo, { ...LOCK, environment: "Production", pullRequest: 42 });
    await holds.take(repo, { ...LOCK, environment: "qa", ttlMs: 50 });
    expect((await holds.list(repo)).map((h) => h.environment)).toEqual(["Production", "qa", "staging"]);
    clock.now = 1_050;
    expect((await holds.list(repo)).map((h) => h.environment)).toEqual(["Production", "staging"]);
    expect(await holds.list({ id: 999_999, fullName: "acme/none" })).toEqual([]);
  });

  test("releases only that pull request's holds, audited with why", async () => {
    const { repo, holds, events } = setup();
    await holds.take(repo, { ...LOCK, environment: "staging" });
    await holds.take(repo, { ...LOCK, environment: "production" });
    await holds.take(repo, { ...LOCK, environment: "qa", pullRequest: 42, login: "bob" });
    const released = await holds.releaseForPullRequest(repo, 41, "merged");
    expect(released.map((h) => h.environment)).toEqual(["production", "staging"]);
    expect((await holds.list(repo)).map((h) => [h.environment, h.pullRequest])).toEqual([["qa", 42]]);
    const audited = (await events()).filter((e) => e.action === "lock-released");
    expect(audited).toEqual(
      ["production", "staging"].map((environment) => ({
        at: 1_000,
        action: "lock-released",
        actor: "shipmate",
        surface: "system",
        repository: repo.fullName,
        environment,
        pullRequest: 41,
        outcome: "merged",
        reason: "held by @alice for #41 (freeze)",
      })),
    );
    expect(await holds.releaseForPullRequest(repo, 41, "closed")).toEqual([]);
  });
});
