import { readFileSync } from "node:fs";

/** True while `pid` is a running process; a zombie nobody reaps (PID 1 in a container) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

/** Waits until `read()` returns something, polling briefly. */
export async function eventually<T>(read: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Reads a pid written by a task, once the file holds a whole line. */
export function readPid(path: string): number | undefined {
  try {
    const text = readFileSync(path, "utf8");
    return text.endsWith("\n") ? Number(text.trim()) : undefined;
  } catch {
    return undefined;
  }
}

/** The parent pid of a running process: field 4 of `/proc/<pid>/stat`. */
export function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}
