import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { ensureLocalRedis, isListening } from "../../../src/main/embedded-redis.ts";
import { isRunning } from "../../integration/executors/process-helpers.ts";
import { until } from "../../integration/operate/operate-fixture.ts";
import { freePort } from "../../integration/operate/shipmate-process.ts";
import { eventually } from "../../support/pr-thread.ts";

/** A redis-server that a fault test owns: on a loopback port of its own, with its data in a temporary directory. */
export interface OwnedRedis {
  url: string;
  /** A connection for the test's own commands (CLIENT PAUSE, reading keys); errors surface as failed commands. */
  client(): Redis;
  /** SIGKILL, as a crash or the OOM killer would: Redis writes nothing more. Resolves once it is gone. */
  crash(): Promise<void>;
  /** Starts it again on the same port and directory; it loads what its append-only file kept. */
  restart(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

/**
 * Starts Redis as `npm start` does for a first run, and as docker-compose.yml and the Kubernetes manifest
 * run it: append-only file on, synced to disk once a second (Redis's default).
 */
export async function startOwnedRedis(): Promise<OwnedRedis> {
  const dataDir = mkdtempSync(join(tmpdir(), "shipmate-fault-redis-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  const start = async () => {
    const started = await ensureLocalRedis({ port, dataDir });
    if (started.kind !== "started") {
      throw new Error(started.kind === "unavailable" ? started.message : `something else listens on ${port}`);
    }
    const admin = new Redis(url, { maxRetriesPerRequest: 1 });
    try {
      const pid = Number(/process_id:(\d+)/.exec(await admin.info("server"))?.[1]);
      return { ...started, pid };
    } finally {
      admin.disconnect();
    }
  };
  let server = await start();
  return {
    url,
    client() {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      redis.on("error", () => {});
      clients.push(redis);
      return redis;
    },
    async crash() {
      const { pid } = server;
      process.kill(pid, "SIGKILL");
      await eventually(() => (isRunning(pid) ? undefined : true), 5_000, "redis-server to die");
      // A child it forked for an append-only file rewrite may hold the listening socket for a moment.
      await until(
        async () => ((await isListening("127.0.0.1", port)) ? undefined : true),
        5_000,
        `port ${port} to be free`,
      );
    },
    async restart() {
      server = await start();
    },
    async stop() {
      for (const redis of clients) redis.disconnect();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
