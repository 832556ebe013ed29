import { signalGroup } from "../process/process-group.ts";
import { spawnDetached } from "../process/spawner.ts";

/** Kept from each stream: git's useful messages are its last lines. */
const MAX_STREAM_CHARS = 64 * 1024;

/** A git run: its output, or a short phrase saying why it failed plus what it printed. */
export type GitRunResult =
  | { kind: "ok"; stdout: string; stderr: string }
  | { kind: "failed"; stderr: string; problem: string; code?: number | null };

/** Where and with what environment git runs, and what stops it. */
export interface GitRunOptions {
  cwd: string;
  env: Readonly<Record<string, string>>;
  signal: AbortSignal;
}

/** Runs a program with an argv in its own process group, killed whole when `signal` aborts. */
export function runInGroup(
  program: string,
  args: readonly string[],
  options: GitRunOptions,
): Promise<GitRunResult> {
  return new Promise((resolve) => {
    if (options.signal.aborted) {
      resolve({ kind: "failed", stderr: "", problem: "it was stopped" });
      return;
    }
    const child = spawnDetached(program, args, { cwd: options.cwd, env: options.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout = (stdout + chunk).slice(-MAX_STREAM_CHARS);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_STREAM_CHARS);
    });
    // git fetch starts helpers (remote-https, upload-pack); killing the group stops them too.
    const kill = (): void => {
      if (child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
    };
    // The pid comes with "spawn": an abort before it kills the group as soon as there is one.
    const onAbort = (): void => {
      if (child.pid === undefined) child.once("spawn", kill);
      else kill();
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    child.once("error", (error) => {
      options.signal.removeEventListener("abort", onAbort);
      // After a spawn, an error means the launcher is gone and nobody reads the group's output: stop it.
      kill();
      const problem = error.code === "ENOENT" ? `${program} is not installed on the worker` : error.message;
      resolve({ kind: "failed", stderr, problem });
    });
    child.once("close", (code, signal) => {
      options.signal.removeEventListener("abort", onAbort);
      if (code === 0) resolve({ kind: "ok", stdout, stderr });
      else if (options.signal.aborted) resolve({ kind: "failed", stderr, problem: "it was stopped" });
      else resolve({ kind: "failed", stderr, problem: `${program} exited with ${code ?? signal}`, code });
    });
  });
}
