import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RedisNode } from "../../../src/queue/redis-connections.ts";

const run = promisify(execFile);

/** Redis processes started by a test; `stop` ends them and deletes their files. */
export interface LocalRedis {
  nodes: RedisNode[];
  stop(): Promise<void>;
}

/**
 * Why a local cluster cannot be made here (redis-cli without `--cluster`, which came with Redis 5,
 * or a redis-server without `cluster-port`, Redis 7), or undefined when it can.
 */
export async function clusterUnsupported(): Promise<string | undefined> {
  // `--cluster help` prints the commands and exits 1; a redis-cli without --cluster says so.
  const help = await run("redis-cli", ["--cluster", "help"], { timeout: 5_000 }).then(
    (r) => r.stdout + r.stderr,
    (e: Error & { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}${e.message}`,
  );
  if (!/^\s*create\s/m.test(help)) {
    return `redis-cli has no --cluster support (needs Redis 5 or later): ${help.split("\n")[0]}`;
  }
  const version = await run("redis-server", ["--version"], { timeout: 5_000 }).then(
    (r) => r.stdout,
    (e: Error) => e.message,
  );
  const major = Number(/v=(\d+)\./.exec(version)?.[1] ?? 0);
  return major >= 7
    ? undefined
    : `redis-server has no cluster-port option (needs Redis 7): ${version.trim()}`;
}

/** Three masters on free loopback ports, joined by `redis-cli --cluster create`, all 16384 slots served. */
export async function startLocalCluster(): Promise<LocalRedis> {
  const dir = mkdtempSync(join(tmpdir(), "shipmate-cluster-"));
  const children: ChildProcess[] = [];
  const stop = () => stopAll(children, dir);
  try {
    const nodes: RedisNode[] = [];
    for (let i = 0; i < 3; i += 1) {
      const [port, busPort] = [await freePort(), await freePort()];
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      // The bus port is set apart (port + 10000 by default may be taken, or above 65535).
      children.push(
        startServer([
          ...["--port", String(port), "--cluster-port", String(busPort), "--bind", "127.0.0.1"],
          ...["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--dir", nodeDir],
          ...["--save", "", "--appendonly", "no", "--cluster-node-timeout", "5000"],
        ]),
      );
      nodes.push({ host: "127.0.0.1", port });
    }
    for (const node of nodes) await waitForReply(node.port, ["ping"], "PONG");
    await run(
      "redis-cli",
      [
        "--cluster",
        "create",
        ...nodes.map((n) => `${n.host}:${n.port}`),
        "--cluster-replicas",
        "0",
        "--cluster-yes",
      ],
      { timeout: 20_000 },
    );
    for (const node of nodes) await waitForReply(node.port, ["cluster", "info"], "cluster_state:ok");
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One Redis and one Sentinel watching it under `name`. */
export async function startLocalSentinel(name: string): Promise<LocalRedis & { primaryPort: number }> {
  const dir = mkdtempSync(join(tmpdir(), "shipmate-sentinel-"));
  const children: ChildProcess[] = [];
  const stop = () => stopAll(children, dir);
  try {
    const [primaryPort, sentinelPort] = [await freePort(), await freePort()];
    children.push(
      startServer(["--port", String(primaryPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]),
    );
    await waitForReply(primaryPort, ["ping"], "PONG");
    // Sentinel rewrites its own config file, so it gets one of its own.
    const config = join(dir, "sentinel.conf");
    writeFileSync(
      config,
      `port ${sentinelPort}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${name} 127.0.0.1 ${primaryPort} 1\n`,
    );
    children.push(startServer([config, "--sentinel"]));
    await waitForReply(sentinelPort, ["sentinel", "get-master-addr-by-name", name], String(primaryPort));
    return { nodes: [{ host: "127.0.0.1", port: sentinelPort }], primaryPort, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startServer(args: string[]): ChildProcess {
  const child = spawn("redis-server", args, { stdio: "ignore" });
  child.on("error", () => {});
  return child;
}

async function stopAll(children: readonly ChildProcess[], dir: string): Promise<void> {
  await Promise.all(children.map(stopChild));
  rmSync(dir, { recursive: true, force: true });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `redis-cli -p port …` until its answer contains `expected`, for at most 15 s. */
async function waitForReply(port: number, command: string[], expected: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = "";
  while (Date.now() < deadline) {
    last = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...command], {
      timeout: 2_000,
    }).then(
      (r) => r.stdout,
      (e: Error) => e.message,
    );
    if (last.includes(expected)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`redis on port ${port} did not answer "${expected}" to ${command.join(" ")}: ${last}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}
