import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, test } from "vitest";
import { ensureLocalRedis, isListening } from "../../../src/main/embedded-redis.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  // Last in, first out: Redis stops before its data directory goes.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("the embedded Redis of a first run", () => {
  test("uses a Redis that already listens", async () => {
    expect((await ensureLocalRedis({ port: 6379 })).kind).toBe("external");
  });

  test("starts redis-server with an append-only file under the data dir when nothing listens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shipmate-redis-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const redis = await ensureLocalRedis({ port, dataDir: dir });
    expect(redis.kind).toBe("started");
    if (redis.kind !== "started") return;
    cleanups.push(() => redis.stop());
    const client = new Redis({ port, lazyConnect: true });
    await client.connect();
    await client.set("k", "v");
    expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "yes"]);
    expect(await client.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
    client.disconnect();
    expect(existsSync(dir)).toBe(true);
    await redis.stop();
    expect(await isListening("127.0.0.1", port)).toBe(false);
  });

  test("without redis-server, says in one line how to get one", async () => {
    const port = await freePort();
    const result = await ensureLocalRedis({
      port,
      dataDir: join(tmpdir(), "shipmate-none"),
      program: "no-such-redis-server",
    });
    expect(result.kind).toBe("unavailable");
    if (result.kind === "unavailable") {
      expect(result.message).toContain("apt-get install redis-server");
      expect(result.message).toContain("docker compose up -d redis");
      expect(result.message).not.toContain("\n");
    }
  });
});
