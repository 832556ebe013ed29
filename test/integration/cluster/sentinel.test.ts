import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EnvironmentLines } from "../../../src/locks/environment-line.ts";
import { createWorkerConnection, waitUntilReady } from "../../../src/queue/redis-connections.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { type LocalRedis, startLocalSentinel } from "./local-redis.ts";

const NAME = "shipmate-primary";
let sentinel: LocalRedis & { primaryPort: number };
let app: Running;

beforeAll(async () => {
  sentinel = await startLocalSentinel(NAME);
  app = await startShipmate({
    REDIS_URL: "",
    REDIS_SENTINELS: sentinel.nodes.map((n) => `${n.host}:${n.port}`).join(","),
    REDIS_SENTINEL_NAME: NAME,
  });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await sentinel?.stop();
});

describe("Redis through Sentinel", () => {
  test("Shipmate connects to the primary the sentinel names and reports ready", async () => {
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    const primary = new Redis({ host: "127.0.0.1", port: sentinel.primaryPort });
    try {
      const list = String(await primary.call("CLIENT", "LIST"));
      // Besides this client and the sentinel's own: Shipmate's producer, worker and subscriber connections.
      const others = list
        .split("\n")
        .filter((line) => line.includes("addr=") && !line.includes("name=sentinel-"));
      expect(others.length).toBeGreaterThanOrEqual(4);
    } finally {
      primary.disconnect();
    }
  });

  test("a worker connection through the sentinel writes to the primary the sentinel names", async () => {
    const redis = createWorkerConnection({
      kind: "sentinel",
      sentinels: sentinel.nodes,
      name: NAME,
      credentials: { username: undefined, password: undefined },
    });
    const primary = new Redis({ host: "127.0.0.1", port: sentinel.primaryPort });
    try {
      await waitUntilReady(redis);
      const prefix = `{shipmate-sentinel-${randomUUID().slice(0, 8)}}`;
      const lines = new EnvironmentLines(redis, prefix);
      await lines.join({ repositoryId: 5, environment: "staging" }, "a");
      expect(await lines.tryStart({ repositoryId: 5, environment: "staging" }, "a", 10_000)).toEqual({
        kind: "started",
      });
      expect(await primary.get(`${prefix}:lease:5:staging`)).toBe("a");
    } finally {
      redis.disconnect();
      primary.disconnect();
    }
  });
});
