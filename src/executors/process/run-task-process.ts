import { once } from "node:events";
import { constants } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import type { ProcessCommand } from "../../config/repo-config.ts";
import { createLineMasker, type SecretMasker } from "../../shared/secret-masker.ts";
import type { LaunchedProcess } from "./launched-process.ts";
import { createOutputTail } from "./output-tail.ts";
import { signalGroup, waitForEmptyGroup } from "./process-group.ts";
import { spawnDetached, stopWorkspaceStrays, whenSpawned } from "./spawner.ts";

/** How much of the output's tail a result keeps unless told otherwise (1 MiB). */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** How long a task has between SIGTERM and SIGKILL unless told otherwise. */
export const DEFAULT_KILL_GRACE_MS = 5000;
/** How long SIGKILL may take to empty the group before we stop waiting for it. */
const KILL_WAIT_MS = 5000;
/** How long output may keep flowing after the group is gone (a process that left the group holds the pipe). */
const DRAIN_WAIT_MS = 500;

/** How a task process ended; `output` is always the masked tail. */
export type ProcessResult =
  | { kind: "exited"; exitCode: number; output: string; durationMs: number }
  | { kind: "timed_out"; output: string; durationMs: number }
  | { kind: "cancelled"; output: string; durationMs: number }
  | { kind: "spawn_failed"; reason: string };

/** One task process: what to run, where, with which environment and limits. */
export interface TaskProcessOptions {
  command: ProcessCommand;
  cwd: string;
  /** The complete environment: nothing from the server's own is added. */
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
  signal?: AbortSignal;
  masker: SecretMasker;
  /** Masked output, a few complete lines at a time; an exception it throws is ignored. */
  onOutput?: (maskedChunk: string) => void;
  maxOutputBytes?: number;
  killGraceMs?: number;
  /** The pid of the process that leads the task's own process group; an exception it throws is ignored. */
  onStart?: (pid: number) => void;
  /**
   * A directory that this run alone uses (its workspace): a process that left the group but still runs
   * in it, or was started with an environment that points into it, is stopped with the group.
   */
  workspace?: string;
}

/**
 * Runs one task command in its own process group with stdout and stderr interleaved and masked;
 * on timeout or abort the whole group gets SIGTERM, then SIGKILL after the grace period, and so do
 * the processes that left the group but not the workspace.
 */
export async function runTaskProcess(options: TaskProcessOptions): Promise<ProcessResult> {
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  if (options.signal?.aborted) return { kind: "cancelled", output: "", durationMs: 0 };
  const started = await start(options);
  if (started.kind === "failed") return { kind: "spawn_failed", reason: started.reason };
  const { child, pid } = started;
  let lost: Error | undefined;
  child.on("error", (error) => {
    // After a successful start only a lost launcher reports an error, and an exit follows it.
    lost = error;
  });
  try {
    options.onStart?.(pid);
  } catch {
    // Ignored for the same reason as a failing onOutput: the task is running and must be supervised.
  }

  const tail = createOutputTail(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  let atLineStart = true;
  const sink = (text: string): void => {
    tail.push(text);
    atLineStart = text.endsWith("\n");
    try {
      options.onOutput?.(text);
    } catch {
      // A failing listener (a reporter) must neither crash the worker from a stream event nor stop the task.
    }
  };
  // One line masker per stream, so a partial line on stdout is never glued to a line from stderr.
  const streams = [child.stdout, child.stderr].map((stream) => {
    const lines = createLineMasker(options.masker, sink);
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => lines.write(chunk));
    return { stream, lines, closed: once(stream, "close").catch(() => undefined) };
  });

  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<"exited">((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve("exited");
    });
  });
  const stop = stopRequested(options.timeoutMs, options.signal);
  const stopped = await Promise.race([exited, stop.requested]);
  stop.dispose();

  // Even after a normal exit, whatever the task left running in its group is stopped now.
  signalGroup(pid, "SIGTERM");
  const leaderGone = (): boolean => exit !== undefined;
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  if (!(await waitForEmptyGroup(pid, leaderGone, grace))) {
    signalGroup(pid, "SIGKILL");
    await waitForEmptyGroup(pid, leaderGone, KILL_WAIT_MS, "SIGKILL");
  }
  // A child that called setsid is out of the group's reach (and may hold the output pipes open).
  if (options.workspace !== undefined) await stopWorkspaceStrays(options.workspace, grace);
  await Promise.race([
    Promise.all(streams.map((s) => s.closed)),
    delay(DRAIN_WAIT_MS, undefined, { ref: false }),
  ]);
  for (const { stream, lines } of streams) {
    stream.destroy();
    lines.end();
  }
  if (lost) sink(`${atLineStart ? "" : "\n"}[shipmate: the task was stopped: ${lost.message}]\n`);

  const output = tail.text();
  if (stopped !== "exited") return { kind: stopped, output, durationMs: elapsed() };
  return { kind: "exited", exitCode: exitCodeOf(exit), output, durationMs: elapsed() };
}

async function start(
  options: TaskProcessOptions,
): Promise<{ kind: "started"; child: LaunchedProcess; pid: number } | { kind: "failed"; reason: string }> {
  const [file, ...args] =
    options.command.kind === "shell" ? ["sh", "-c", options.command.script] : options.command.argv;
  if (file === undefined || file === "") return { kind: "failed", reason: "The task's command is empty." };
  let child: LaunchedProcess;
  try {
    child = spawnDetached(file, args, { cwd: options.cwd, env: options.env });
  } catch (error) {
    return { kind: "failed", reason: `Could not start ${file}: ${(error as Error).message}` };
  }
  const spawned = await whenSpawned(child);
  if (spawned.kind === "failed")
    return { kind: "failed", reason: spawnFailure(file, options.cwd, spawned.error) };
  return { kind: "started", child, pid: spawned.pid };
}

function spawnFailure(file: string, cwd: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return `Could not start ${file}: no such program (or no directory ${cwd}).`;
  if (error.code === "EACCES") return `Could not start ${file}: permission denied (is it executable?).`;
  return `Could not start ${file}: ${error.message}`;
}

function stopRequested(
  timeoutMs: number,
  signal: AbortSignal | undefined,
): { requested: Promise<"timed_out" | "cancelled">; dispose(): void } {
  let dispose = (): void => {};
  const requested = new Promise<"timed_out" | "cancelled">((resolve) => {
    const onAbort = (): void => resolve("cancelled");
    // The abort may have come while the launcher was starting the task.
    if (signal?.aborted) onAbort();
    const timer = setTimeout(() => resolve("timed_out"), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    dispose = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  });
  return { requested, dispose };
}

/** A process killed by a signal reports 128 + the signal's number, as a shell would. */
function exitCodeOf(exit: { code: number | null; signal: NodeJS.Signals | null } | undefined): number {
  if (exit?.code != null) return exit.code;
  const signalNumber = exit?.signal ? constants.signals[exit.signal] : undefined;
  return 128 + (signalNumber ?? 0);
}
