import { readdir, readFile, readlink } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";

const POLL_MS = 100;

/**
 * Running processes that a task started but that left its process group (`setsid`, a daemon's double
 * fork): whatever still works inside the task's own workspace, or was started with an environment
 * pointing into it (its HOME and PWD are there). Nothing else on the machine uses that directory, so
 * nothing else is found. Only a process that empties its environment and leaves the directory escapes.
 * Linux only (it reads /proc): elsewhere none are found.
 */
export async function findStrays(workspace: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return [];
  }
  const pids = entries.filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid);
  const found = await Promise.all(
    pids.map(async (pid) => ((await isStray(pid, workspace)) ? Number(pid) : 0)),
  );
  return found.filter((pid) => pid > 0);
}

/** SIGTERM to every stray, SIGKILL to those still there after `graceMs`; resolves with how many there were. */
export async function stopStrays(workspace: string, graceMs: number): Promise<number> {
  const strays = await findStrays(workspace);
  if (strays.length === 0) return 0;
  signalAll(strays, "SIGTERM");
  const deadline = performance.now() + graceMs;
  let left = strays;
  while (left.length > 0 && performance.now() < deadline) {
    await delay(POLL_MS);
    left = await findStrays(workspace);
  }
  // New ones may have been forked meanwhile: they are found, and killed, with the rest.
  for (let round = 0; left.length > 0 && round < 10; round++) {
    signalAll(left, "SIGKILL");
    await delay(POLL_MS);
    left = await findStrays(workspace);
  }
  return strays.length;
}

async function isStray(pid: string, workspace: string): Promise<boolean> {
  const inside = (path: string): boolean => path === workspace || path.startsWith(`${workspace}/`);
  // Either read fails for a process that is gone, a zombie, or someone else's: none of them is ours.
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => "");
  if (inside(cwd)) return true;
  const environ = await readFile(`/proc/${pid}/environ`, "utf8").catch(() => "");
  return environ.split("\0").some((entry) => inside(entry.slice(entry.indexOf("=") + 1)));
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
}
