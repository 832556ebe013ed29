import { closeSync, openSync, readdirSync, readlinkSync, readSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

const POLL_MS = 100;
/** Reused for every /proc/<pid>/environ read; a longer environment is read in several pieces. */
const chunk = Buffer.alloc(64 * 1024);

/**
 * Running processes that a task started but that left its process group (`setsid`, a daemon's double
 * fork): whatever still works inside the task's own workspace, or was started with an environment
 * pointing into it (its HOME and PWD are there). Nothing else on the machine uses that directory, so
 * nothing else is found. Only a process that empties its environment and leaves the directory escapes.
 * Linux only (it reads /proc): elsewhere none are found.
 */
export function findStrays(workspace: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  // Synchronous reads: a /proc entry is read from memory, and on a machine of a hundred processes the
  // whole scan takes about a millisecond where fs/promises spent five (two round trips to the thread pool
  // and a file handle per process). It runs in the launcher, off the server's event loop.
  return entries
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => isStray(pid, workspace))
    .map(Number);
}

/** SIGTERM to every stray, SIGKILL to those still there after `graceMs`; resolves with how many there were. */
export async function stopStrays(workspace: string, graceMs: number): Promise<number> {
  const strays = findStrays(workspace);
  if (strays.length === 0) return 0;
  signalAll(strays, "SIGTERM");
  const deadline = performance.now() + graceMs;
  let left = strays;
  while (left.length > 0 && performance.now() < deadline) {
    await delay(POLL_MS);
    left = findStrays(workspace);
  }
  // New ones may have been forked meanwhile: they are found, and killed, with the rest.
  for (let round = 0; left.length > 0 && round < 10; round++) {
    signalAll(left, "SIGKILL");
    await delay(POLL_MS);
    left = findStrays(workspace);
  }
  return strays.length;
}

function isStray(pid: string, workspace: string): boolean {
  const inside = (path: string): boolean => path === workspace || path.startsWith(`${workspace}/`);
  // Either read fails for a process that is gone, a zombie, or someone else's: none of them is ours.
  if (inside(readLink(`/proc/${pid}/cwd`))) return true;
  return readEnviron(`/proc/${pid}/environ`).some((entry) => inside(entry.slice(entry.indexOf("=") + 1)));
}

function readLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "";
  }
}

function readEnviron(path: string): string[] {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return [];
  }
  const pieces: Buffer[] = [];
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      pieces.push(Buffer.from(chunk.subarray(0, read)));
    }
  } catch {
    // Gone meanwhile: what was read is all there is.
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(pieces).toString("utf8").split("\0");
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
