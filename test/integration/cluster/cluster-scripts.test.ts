import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EnvironmentLines } from "../../../src/locks/environment-line.ts";
import { swapHashField } from "../../../src/locks/hash-field-swap.ts";
import { lineKeys } from "../../../src/locks/line-keys.ts";
import { createProducerConnection, waitUntilReady } from "../../../src/queue/redis-connections.ts";
import { clusterUnsupported, type LocalRedis, startLocalCluster } from "./local-redis.ts";

const unsupported = await clusterUnsupported();
if (unsupported) console.warn(`skipping the Redis Cluster tests: ${unsupported}`);

let cluster: LocalRedis;
let redis: Redis;
const tagged = `{shipmate-cluster-${randomUUID().slice(0, 8)}}`;

beforeAll(async () => {
  if (unsupported) return;
  cluster = await startLocalCluster();
  redis = createProducerConnection({
    kind: "cluster",
    nodes: cluster.nodes,
    credentials: { username: undefined, password: undefined },
  });
  await waitUntilReady(redis);
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

describe.skipIf(unsupported !== undefined)("Redis Cluster", () => {
  test("the environment line's scripts run on a three-master cluster under a hash-tagged prefix", async () => {
    const lines = new EnvironmentLines(redis, tagged);
    const key = { repositoryId: 42, environment: "Production" };
    await lines.join(key, "a");
    await lines.join(key, "b");
    expect(await lines.tryStart(key, "a", 10_000)).toEqual({ kind: "started" });
    expect(await lines.tryStart(key, "b", 10_000)).toEqual({ kind: "waiting", holder: "a", ahead: [] });
    expect(await lines.environmentsWithWork(42)).toEqual(["production"]);
    expect(await lines.release(key, "a")).toBe(true);
    expect(await lines.tryStart(key, "b", 10_000)).toEqual({ kind: "started" });
    expect(await lines.holder(key)).toBe("b");

    // Every key of the line hashes to the slot of the tag, whichever of the three masters serves it.
    const k = lineKeys(tagged, key);
    const slots = await Promise.all(
      [k.line, k.lease, k.busy, k.sequence].map((name) => redis.call("CLUSTER", "KEYSLOT", name)),
    );
    expect(new Set(slots)).toEqual(new Set([await redis.call("CLUSTER", "KEYSLOT", tagged)]));
  });

  test("a hash-field swap (holds) lets exactly one of two racers win", async () => {
    const key = `${tagged}:holds:7`;
    const wins = await Promise.all([
      swapHashField(redis, key, "production", undefined, "pr-1"),
      swapHashField(redis, key, "production", undefined, "pr-2"),
    ]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await redis.hget(key, "production")).toMatch(/^pr-[12]$/);
  });

  test("without the hash tag the same script is refused: its keys fall in different slots", async () => {
    const lines = new EnvironmentLines(redis, `shipmate-untagged-${randomUUID().slice(0, 8)}`);
    await expect(lines.join({ repositoryId: 1, environment: "staging" }, "a")).rejects.toThrow(/CROSSSLOT/);
  });
});
