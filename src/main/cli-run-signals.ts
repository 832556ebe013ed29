import { signalGroup } from "../executors/process/process-group.ts";

// Ctrl-C reaches only the terminal's foreground group; the task has a group of its own, so it is told here.
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What the run loop needs from the signal handlers. */
export interface SignalStop {
  /** Aborted by the first signal: the task's group gets SIGTERM, then SIGKILL after the grace period. */
  signal: AbortSignal;
  /** Records the task's process-group leader, so a second signal can kill the group at once. */
  started(pid: number): void;
  /** The first signal received, if any. */
  stoppedBy(): NodeJS.Signals | undefined;
  dispose(): void;
}

/** Turns Ctrl-C (and SIGTERM, SIGHUP) into stopping the task; a second one kills its whole group at once. */
export function stopOnSignals(): SignalStop {
  const controller = new AbortController();
  let leader: number | undefined;
  let first: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (first === undefined) {
      first = signal;
      process.stderr.write(
        `\nshipmate: ${signal}: stopping the task and its processes (again to kill them now)\n`,
      );
      controller.abort();
    } else if (leader !== undefined) {
      signalGroup(leader, "SIGKILL");
    }
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    started: (pid) => {
      leader = pid;
    },
    stoppedBy: () => first,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
    },
  };
}
