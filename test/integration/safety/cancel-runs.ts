import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The tasks of the cancel tests append `start <run> <ns>` and `end <run> <ns>` to `<out>/runs`, where
 * `<run>` is `<environment>-<pull request>[-<n param>]`; these helpers read that file and let held runs end.
 */

export interface RunEvent {
  what: "start" | "end";
  run: string;
  /** Milliseconds since the epoch, from the task's own clock. */
  at: number;
}

/** Every start and end the tasks recorded, in the order they wrote them. */
export function readRuns(out: string): RunEvent[] {
  let text = "";
  try {
    text = readFileSync(join(out, "runs"), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [what, run, ns] = line.split(" ");
      return {
        what: what === "end" ? "end" : "start",
        run: run ?? "",
        at: Number(BigInt(ns ?? "0") / 1_000_000n),
      };
    });
}

/** The events of one run. */
export function eventsOf(out: string, run: string, what: RunEvent["what"]): RunEvent[] {
  return readRuns(out).filter((event) => event.run === run && event.what === what);
}

/** Lets a held run (`scripts/hold.sh`) finish; `all` lets every one finish. */
export function release(out: string, run: string): void {
  writeFileSync(join(out, `release-${run}`), "");
}
