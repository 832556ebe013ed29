import { type ChildProcessByStdio, type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

/** The `shipmate` bin, run with this test's Node as a user's shell would run it. */
export const SHIPMATE_BIN = fileURLToPath(new URL("../../../bin/shipmate.js", import.meta.url));

export interface CliOptions {
  cwd: string;
  /** Added to a small base environment (PATH, HOME, USER=alice). */
  env?: Record<string, string>;
  input?: string;
}

function environment(extra: Record<string, string> | undefined): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", USER: "alice", ...extra };
}

/** Runs `shipmate <args>` to its end. */
export function runCli(args: readonly string[], options: CliOptions): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [SHIPMATE_BIN, ...args], {
    cwd: options.cwd,
    env: environment(options.env),
    encoding: "utf8",
    timeout: 20_000,
    ...(options.input !== undefined && { input: options.input }),
  });
}

/** A running `shipmate <args>` whose output is collected as it comes. */
export interface LiveCli {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts `shipmate <args>` in the background. */
export function startCli(args: readonly string[], options: CliOptions): LiveCli {
  const child = spawn(process.execPath, [SHIPMATE_BIN, ...args], {
    cwd: options.cwd,
    env: environment(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}
