import { rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { taskJobId } from "../../src/jobs/task-job.schema.ts";
import { isRunning, readPid } from "../../test/integration/executors/process-helpers.ts";
import { waitForCall } from "../support/call-watch.ts";
import { type Summary, summarise } from "../support/stats.ts";
import { LINE_ENVIRONMENTS, LINE_PULLS, type LineApp } from "./line-app.ts";
import { showsCancelled, statusWrite } from "./line-status.ts";

export interface CancelLatency {
  tries: number;
  /** `/cancel` sent → the task's process is gone (a zombie counts as gone). */
  processGone: Summary;
  /** `/cancel` sent → the status comment shows 🛑 cancelled. */
  cancelledShown: Summary;
  /** Tries where the task never started, or the process or the 🛑 never came in time. */
  lost: number;
}

const WAIT_MS = 30_000;

/** Starts a `sleep 60` deploy, cancels it from the same pull request, and times both ends; `tries` times. */
export async function measureCancel(line: LineApp, tries: number): Promise<CancelLatency> {
  const gone: number[] = [];
  const shown: number[] = [];
  let lost = 0;
  const pidFile = join(line.dir, "pid");
  for (let i = 0; i < tries; i++) {
    rmSync(pidFile, { force: true });
    const deployId = 31_000 + i;
    const taskId = taskJobId(String(deployId), 1);
    await line.comment(LINE_PULLS.cancel, `/deploy ${LINE_ENVIRONMENTS.cancel}`, deployId);
    const pid = await until(() => readPid(pidFile), WAIT_MS);
    if (pid === undefined) {
      lost++;
      continue;
    }
    const github = line.app.github;
    const from = github.calls.length;
    // Watching starts with the send, so nothing that happens before the answer is missed.
    const [{ sentAt }, goneAt, shownCall] = await Promise.all([
      line.comment(LINE_PULLS.cancel, "/cancel", 31_500 + i),
      until(() => (isRunning(pid) ? undefined : Date.now()), WAIT_MS),
      waitForCall(
        github,
        from,
        (call) => {
          const write = statusWrite(call, taskId);
          return write !== undefined && showsCancelled(write);
        },
        WAIT_MS,
      ),
    ]);
    if (goneAt === undefined || shownCall === undefined) lost++;
    if (goneAt !== undefined) gone.push(goneAt - sentAt);
    if (shownCall !== undefined) shown.push(shownCall.at - sentAt);
  }
  return { tries, processGone: summarise(gone), cancelledShown: summarise(shown), lost };
}

/** Polls `read` every millisecond until it returns a value, or undefined once `timeoutMs` have passed. */
async function until<T>(read: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = read();
    if (value !== undefined) return value;
    await sleep(1);
  }
  return undefined;
}
