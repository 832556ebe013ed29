import { spawn } from "node:child_process";
import type { LaunchedProcess } from "./launched-process.ts";
import { launch, spawnsDirectly, sweepStrays } from "./launcher.ts";
import { stopStrays } from "./workspace-strays.ts";

/** Where a spawned program runs and its whole environment. */
export interface SpawnOptions {
  cwd: string;
  env: Readonly<Record<string, string>>;
}

/** How the start of a program went. */
export type SpawnOutcome =
  | { kind: "spawned"; pid: number }
  | { kind: "failed"; error: NodeJS.ErrnoException };

/**
 * Starts `file` in its own process group with stdout and stderr piped. It goes through the launcher,
 * because a fork blocks this process's event loop for longer the more memory it holds;
 * `SHIPMATE_DIRECT_SPAWN=1` forks from this process instead.
 */
export function spawnDetached(file: string, args: readonly string[], options: SpawnOptions): LaunchedProcess {
  if (!spawnsDirectly()) return launch(file, args, options);
  return spawn(file, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Stops the processes a finished task left running in `workspace` outside its process group (setsid,
 * a daemon's double fork); resolves with how many there were. Where tasks are spawned, so is the sweep.
 */
export function stopWorkspaceStrays(workspace: string, graceMs: number): Promise<number> {
  if (!spawnsDirectly()) return sweepStrays(workspace, graceMs);
  return stopStrays(workspace, graceMs);
}

/** Resolves with the pid once the program runs, or with the error that kept it from starting. */
export function whenSpawned(child: LaunchedProcess): Promise<SpawnOutcome> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException): void => resolve({ kind: "failed", error });
    child.once("error", onError);
    child.once("spawn", () => {
      child.off("error", onError);
      if (child.pid !== undefined) resolve({ kind: "spawned", pid: child.pid });
    });
  });
}
