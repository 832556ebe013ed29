import { closeSync, openSync, readdirSync, readlinkSync, readSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

const POLL_MS = 100;
/** Reused for every /proc/<pid>/environ read; a longer environment is read into a larger copy. */
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
  // and a file handle per process). It runs in the launcher, off the server's event loop, unless the
  // server spawns its tasks itself.
  const needle = Buffer.from(`=${workspace}`);
  return entries
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => isStray(pid, workspace, needle))
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

/** `needle` is `=` and the workspace, as bytes: how a variable whose value starts with it appears. */
function isStray(pid: string, workspace: string, needle: Buffer): boolean {
  // Either read fails for a process that is gone, a zombie, or someone else's: none of them is ours.
  const cwd = readLink(`/proc/${pid}/cwd`);
  if (cwd === workspace || cwd.startsWith(`${workspace}/`)) return true;
  return environPointsInto(`/proc/${pid}/environ`, needle);
}

function readLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "";
  }
}

/**
 * Whether a variable of the environment at `path` (`NAME=value\0…`) has a value that is the workspace
 * or lies inside it. Searched as bytes, so the scan of every process after every task leaves no strings
 * behind for the collector.
 */
function environPointsInto(path: string, needle: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  let buffer = chunk;
  let length = 0;
  try {
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer], buffer.length * 2);
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read <= 0) break;
      length += read;
    }
  } catch {
    // Gone meanwhile: what was read is all there is.
  } finally {
    closeSync(fd);
  }
  const environ = buffer.subarray(0, length);
  for (let at = environ.indexOf(needle); at >= 0; at = environ.indexOf(needle, at + 1)) {
    const after = environ[at + needle.length];
    const entryStart = environ.lastIndexOf(0, at) + 1;
    // The value starts at the entry's first "=", and ends at the workspace's end or goes on inside it.
    const valueStart = environ.indexOf(EQUALS, entryStart) === at;
    if (valueStart && (after === undefined || after === 0 || after === SLASH)) return true;
  }
  return false;
}

const EQUALS = "=".charCodeAt(0);
const SLASH = "/".charCodeAt(0);

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
}
