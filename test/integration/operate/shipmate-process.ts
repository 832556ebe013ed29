import { type ChildProcessByStdio, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { constants } from "node:os";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { FakeGitHub } from "../../support/fake-github.ts";
import { REDIS_URL, testPrivateKey, WEBHOOK_SECRET } from "../../support/harness.ts";

/** The `shipmate` bin, as an operator's service manager runs it. */
const SHIPMATE_BIN = fileURLToPath(new URL("../../../bin/shipmate.js", import.meta.url));

/** A `shipmate <role>` running as an OS process of its own, on a port of its own. */
export interface ShipmateProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  pid: number;
  url: string;
  /** Exit code, or 128 + n after signal n (as a shell reports it). */
  exited: Promise<number>;
  /** stdout and stderr so far (JSON log lines and the one-line errors). */
  output(): string;
}

/** What the processes of one test share: a fake GitHub, a Redis, a key prefix. */
export interface Cluster {
  github: FakeGitHub;
  githubHost: string;
  redisUrl: string;
  prefix: string;
}

/** A fake GitHub and a fresh key prefix on the test Redis (or the one given). */
export async function startCluster(redisUrl = REDIS_URL): Promise<Cluster> {
  const github = new FakeGitHub();
  const githubHost = await github.start();
  return { github, githubHost, redisUrl, prefix: `{shipmate-ops-${randomUUID().slice(0, 8)}}` };
}

/** Stops the fake GitHub and removes every key under the prefix. */
export async function stopCluster(cluster: Cluster): Promise<void> {
  await cluster.github.stop();
  const redis = new Redis(cluster.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${cluster.prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } catch {
    // A Redis the test owned and stopped takes its keys with it.
  } finally {
    redis.disconnect();
  }
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The environment every process of a cluster gets; `extra` adds to it or overrides it. */
export function clusterEnv(cluster: Cluster, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    NODE_ENV: "production",
    APP_ID: "1",
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET,
    GHE_HOST: cluster.githubHost,
    GHE_PROTOCOL: "http",
    REDIS_URL: cluster.redisUrl,
    SHIPMATE_REDIS_PREFIX: cluster.prefix,
    HOST: "127.0.0.1",
    WORKER_HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ...extra,
  };
}

/** Starts `shipmate <role>` and resolves once its `/readyz` answers 200. */
export async function startProcess(
  role: "all" | "web" | "worker",
  cluster: Cluster,
  extra: Record<string, string> = {},
): Promise<ShipmateProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [SHIPMATE_BIN, role], {
    cwd: "/tmp",
    env: clusterEnv(cluster, { PORT: String(port), ...extra }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8").on("data", (chunk: string) => {
      output = (output + chunk).slice(-200_000);
    });
  }
  const exited = new Promise<number>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))),
  );
  if (child.pid === undefined) throw new Error(`could not start shipmate ${role}`);
  const started: ShipmateProcess = {
    child,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    exited,
    output: () => output,
  };
  const ready = await Promise.race([
    untilStatus(started.url, 200, 20_000).then(() => true),
    exited.then(() => false),
  ]);
  if (!ready) throw new Error(`shipmate ${role} did not start:\n${output}`);
  return started;
}

/** Polls `GET /readyz` until it answers `status`; resolves with the body. */
export async function untilStatus(url: string, status: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    const answer = await readyz(url);
    if (answer.status === status) return answer.body;
    last = `${answer.status} ${answer.body}`;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`/readyz never answered ${status} (last: ${last})`);
}

/** One `GET /readyz`; status 0 when nothing answered. */
export async function readyz(url: string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
    return { status: response.status, body: (await response.text()).trim() };
  } catch {
    return { status: 0, body: "" };
  }
}
