import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isRunning } from "../../integration/executors/process-helpers.ts";

/** Every `<name>.pid` file the tasks wrote to `dir` (whole lines only), by name. */
export function pidFiles(dir: string): Map<string, number> {
  const pids = new Map<string, number>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".pid"))) {
    const text = readFileSync(join(dir, file), "utf8");
    if (text.endsWith("\n")) pids.set(file.slice(0, -".pid".length), Number(text.trim()));
  }
  return pids;
}

/** The names of the processes in `pids` that still run (a zombie nobody reaps counts as gone). */
export function stillRunning(pids: ReadonlyMap<string, number>): string[] {
  return [...pids].filter(([, pid]) => isRunning(pid)).map(([name]) => name);
}

/** SIGKILL for whatever a failed test left running, so one failure does not leave sleeps behind. */
export function killLeftovers(pids: ReadonlyMap<string, number>): void {
  for (const [, pid] of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
