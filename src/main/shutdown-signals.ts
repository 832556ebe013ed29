import { constants } from "node:os";

const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;

/**
 * Resolves with the first SIGTERM or SIGINT. A second one calls `onSecond` and ends the process at
 * once, with 128 + its number as a shell reports it, for an operator who will not wait for the grace.
 */
export function untilStopSignal(onSecond: (signal: NodeJS.Signals) => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (first === undefined) {
        first = signal;
        resolve(signal);
        return;
      }
      onSecond(signal);
      // After the microtasks `onSecond` started (signals to the tasks' process groups), not before.
      setImmediate(() => process.exit(128 + (constants.signals[signal] ?? 0)));
    };
    for (const name of STOP_SIGNALS) process.on(name, onSignal);
  });
}
