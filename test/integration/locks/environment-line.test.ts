import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, describe, expect, test } from "vitest";
import { EnvironmentLines, type LineKey } from "../../../src/locks/environment-line.ts";

// Not from the harness: these tests need Redis only, not the whole app it wires.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = new Redis(REDIS_URL);
const other = new Redis(REDIS_URL);
const prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
const lines = new EnvironmentLines(redis, prefix);
const otherLines = new EnvironmentLines(other, prefix);
const LEASE_MS = 10_000;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  other.disconnect();
});

let repositoryId = 0;
/** A fresh repository per test, so tests never share a line. */
function key(environment = "production"): LineKey {
  repositoryId += 1;
  return { repositoryId, environment };
}

describe("the line", () => {
  test("keeps the order of joins, and a second join keeps the first place", async () => {
    const k = key();
    for (const job of ["a", "b", "c"]) await lines.join(k, job);
    await lines.join(k, "a");
    expect(await lines.waiting(k)).toEqual(["a", "b", "c"]);
  });

  test("leave says whether the job was in line", async () => {
    const k = key();
    await lines.join(k, "a");
    await lines.join(k, "b");
    expect(await lines.leave(k, "a")).toBe(true);
    expect(await lines.leave(k, "a")).toBe(false);
    expect(await lines.waiting(k)).toEqual(["b"]);
  });

  test("environment names compare case-insensitively", async () => {
    const k = key("Production");
    await lines.join(k, "a");
    await lines.join({ ...k, environment: "PRODUCTION" }, "b");
    expect(await lines.waiting({ ...k, environment: "production" })).toEqual(["a", "b"]);
    expect(await lines.tryStart({ ...k, environment: "production" }, "a", LEASE_MS)).toEqual({
      kind: "started",
    });
    expect(await lines.holder({ ...k, environment: "pRoDuCtIoN" })).toBe("a");
  });
});

describe("starting", () => {
  test("the first in line starts and leaves the line; the others wait with holder and jobs ahead", async () => {
    const k = key();
    for (const job of ["a", "b", "c"]) await lines.join(k, job);
    expect(await lines.tryStart(k, "b", LEASE_MS)).toEqual({
      kind: "waiting",
      holder: undefined,
      ahead: ["a"],
    });
    expect(await lines.tryStart(k, "a", LEASE_MS)).toEqual({ kind: "started" });
    expect(await lines.waiting(k)).toEqual(["b", "c"]);
    expect(await lines.holder(k)).toBe("a");
    expect(await lines.tryStart(k, "b", LEASE_MS)).toEqual({ kind: "waiting", holder: "a", ahead: [] });
    expect(await lines.tryStart(k, "c", LEASE_MS)).toEqual({ kind: "waiting", holder: "a", ahead: ["b"] });
  });

  test("the holder asking again is still started, and its lease is refreshed", async () => {
    const k = key();
    await lines.join(k, "a");
    await lines.tryStart(k, "a", 1_000);
    expect(await lines.tryStart(k, "a", 60_000)).toEqual({ kind: "started" });
    expect(await redis.pttl(`${prefix}:lease:${k.repositoryId}:production`)).toBeGreaterThan(30_000);
  });

  test("a job neither in line nor holding is told so", async () => {
    const k = key();
    await lines.join(k, "a");
    expect(await lines.tryStart(k, "ghost", LEASE_MS)).toEqual({ kind: "not-in-line" });
    await lines.leave(k, "a");
    expect(await lines.tryStart(k, "a", LEASE_MS)).toEqual({ kind: "not-in-line" });
  });

  test("a lease excludes a second job even when the line is empty", async () => {
    const k = key();
    await lines.join(k, "a");
    await lines.tryStart(k, "a", LEASE_MS);
    await lines.join(k, "b");
    expect(await lines.tryStart(k, "b", LEASE_MS)).toMatchObject({ kind: "waiting", holder: "a" });
  });

  test("a lease length below 1 ms is refused before Redis sees it", async () => {
    await expect(lines.tryStart(key(), "a", 0)).rejects.toThrow(RangeError);
  });
});

describe("renew and release", () => {
  test("only the owner renews", async () => {
    const k = key();
    await lines.join(k, "a");
    await lines.tryStart(k, "a", 1_000);
    expect(await lines.renew(k, "b", 60_000)).toBe(false);
    expect(await lines.renew(k, "a", 60_000)).toBe(true);
    expect(await redis.pttl(`${prefix}:lease:${k.repositoryId}:production`)).toBeGreaterThan(30_000);
  });

  test("release by another job leaves the lease alone but takes that job out of the line", async () => {
    const k = key();
    for (const job of ["a", "b"]) await lines.join(k, job);
    await lines.tryStart(k, "a", LEASE_MS);
    expect(await lines.release(k, "b")).toBe(false);
    expect(await lines.holder(k)).toBe("a");
    expect(await lines.waiting(k)).toEqual([]);
  });

  test("release by the owner frees the lease for the next in line", async () => {
    const k = key();
    for (const job of ["a", "b"]) await lines.join(k, job);
    await lines.tryStart(k, "a", LEASE_MS);
    expect(await lines.release(k, "a")).toBe(true);
    expect(await lines.holder(k)).toBeUndefined();
    expect(await lines.renew(k, "a", LEASE_MS)).toBe(false);
    expect(await lines.tryStart(k, "b", LEASE_MS)).toEqual({ kind: "started" });
  });

  test("a lease nobody renews expires and the next job starts", async () => {
    const k = key();
    for (const job of ["dead", "next"]) await lines.join(k, job);
    expect(await lines.tryStart(k, "dead", 200)).toEqual({ kind: "started" });
    expect(await lines.tryStart(k, "next", LEASE_MS)).toMatchObject({ kind: "waiting", holder: "dead" });
    await sleep(300);
    expect(await lines.holder(k)).toBeUndefined();
    expect(await lines.tryStart(k, "next", LEASE_MS)).toEqual({ kind: "started" });
    expect(await lines.renew(k, "dead", LEASE_MS)).toBe(false);
  });
});

describe("racing", () => {
  test("20 jobs racing on two connections: exactly one starts per round, in line order", async () => {
    const k = key();
    const jobs = Array.from({ length: 20 }, (_, i) => `job-${i}`);
    for (const job of jobs) await lines.join(k, job);
    const started: string[] = [];
    for (let round = 0; round < jobs.length; round++) {
      const remaining = jobs.filter((job) => !started.includes(job));
      const results = await Promise.all(
        remaining.map((job, i) => (i % 2 === 0 ? lines : otherLines).tryStart(k, job, LEASE_MS)),
      );
      const winners = remaining.filter((_, i) => results[i]?.kind === "started");
      expect(winners).toHaveLength(1);
      started.push(...winners);
      expect(await (round % 2 === 0 ? otherLines : lines).release(k, winners[0] ?? "")).toBe(true);
    }
    expect(started).toEqual(jobs);
  });

  test("20 jobs joining and polling at once on two connections never overlap", async () => {
    const k = key();
    let running = 0;
    let mostAtOnce = 0;
    const finished: string[] = [];
    const worker = async (job: string, i: number): Promise<void> => {
      const mine = i % 2 === 0 ? lines : otherLines;
      await mine.join(k, job);
      for (;;) {
        const result = await mine.tryStart(k, job, LEASE_MS);
        if (result.kind === "started") break;
        expect(result.kind).toBe("waiting");
        await sleep(2);
      }
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(3);
      running -= 1;
      finished.push(job);
      expect(await mine.release(k, job)).toBe(true);
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => worker(`job-${i}`, i)));
    expect(mostAtOnce).toBe(1);
    expect(finished).toHaveLength(20);
    expect(await lines.waiting(k)).toEqual([]);
    expect(await lines.holder(k)).toBeUndefined();
  });
});

describe("environmentsWithWork", () => {
  test("lists environments with a line or a lease, and forgets them once both are gone", async () => {
    const k = key("staging");
    const production = { ...k, environment: "Production" };
    await lines.join(k, "a");
    await lines.join(production, "b");
    await lines.tryStart(production, "b", 200);
    expect(await lines.environmentsWithWork(k.repositoryId)).toEqual(["production", "staging"]);
    await lines.leave(k, "a");
    expect(await lines.environmentsWithWork(k.repositoryId)).toEqual(["production"]);
    await sleep(300);
    expect(await lines.environmentsWithWork(k.repositoryId)).toEqual([]);
    expect(await redis.exists(`${prefix}:line-envs:${k.repositoryId}`)).toBe(0);
  });
});
