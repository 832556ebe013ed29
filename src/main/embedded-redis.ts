import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createConnection } from "node:net";
import { resolve } from "node:path";

export type EmbeddedRedis =
  | { kind: "external" }
  | { kind: "started"; stop(): Promise<void> }
  | { kind: "unavailable"; message: string };

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function isListening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

/**
 * For a first run on a laptop: when REDIS_URL was not given and nothing listens on the port (6379),
 * start `redis-server` as a child with its data (append-only) under ./.data/redis.
 */
export async function ensureLocalRedis(
  options: { port?: number; dataDir?: string; program?: string } = {},
): Promise<EmbeddedRedis> {
  const port = options.port ?? 6379;
  const dataDir = options.dataDir ?? "./.data/redis";
  if (await isListening("127.0.0.1", port)) return { kind: "external" };
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(
    options.program ?? "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--maxmemory-policy",
      "noeviction",
    ],
    { stdio: "ignore" },
  );
  const spawnError = new Promise<string>((done) => child.once("error", (error) => done(error.message)));
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, sleep(100).then(() => undefined)]);
    if (failed !== undefined) {
      return {
        kind: "unavailable",
        message:
          `Redis is not reachable at redis://127.0.0.1:${port} and redis-server is not installed: ` +
          "run `apt-get install redis-server` (or `docker compose up -d redis`), or set REDIS_URL.",
      };
    }
    if (await isListening("127.0.0.1", port)) {
      return { kind: "started", stop: () => stopChild(child) };
    }
  }
  child.kill("SIGKILL");
  return {
    kind: "unavailable",
    message: `redis-server was started but did not listen on 127.0.0.1:${port} within 5 s.`,
  };
}

/** SIGTERM lets Redis finish its append-only file; SIGKILL if it has not exited after five seconds. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
