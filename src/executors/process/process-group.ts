import { readdir, readFile } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";

const POLL_MS = 20;

/** Sends `signal` to every process in the group led by `pgid`; an empty group is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already empty. EPERM cannot happen for a group we started.
  }
}

/** True while any process of the group is still running (zombies do not count). */
export async function groupIsAlive(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
  if (process.platform !== "linux") return true;
  // kill() also finds zombies, and orphans stay zombies for good under an init that does not reap
  // (a container's PID 1); /proc tells a dead member from a running one.
  return hasRunningMember(pgid);
}

/**
 * Polls until the group is empty and `leaderGone()` is true, sending `repeat` each round if given.
 * Returns false when `waitMs` runs out first.
 */
export async function waitForEmptyGroup(
  pgid: number,
  leaderGone: () => boolean,
  waitMs: number,
  repeat?: NodeJS.Signals,
): Promise<boolean> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    if (leaderGone() && !(await groupIsAlive(pgid))) return true;
    if (performance.now() >= deadline) return false;
    if (repeat !== undefined) signalGroup(pgid, repeat);
    await delay(POLL_MS);
  }
}

async function hasRunningMember(pgid: number): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return true;
  }
  const states = await Promise.all(
    entries.filter((entry) => /^\d+$/.test(entry)).map((pid) => groupMemberState(pid, pgid)),
  );
  return states.some((state) => state !== undefined && state !== "Z" && state !== "X");
}

/** The process state letter when `pid` belongs to group `pgid`. */
async function groupMemberState(pid: string, pgid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(pgrp) === pgid ? state : undefined;
  } catch {
    return undefined;
  }
}
