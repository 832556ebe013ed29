import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "../shared/logger.ts";

/** What stopping needs of a running Shipmate. */
export interface Stoppable {
  /** Readiness goes to 503, webhooks and Slack are refused, no new job starts; resolves when running jobs end. */
  stopTaking(): Promise<void>;
  /** Stops the tasks still running: each one's process group is ended and the job reported interrupted. */
  interruptTasks(): void;
  /** Closes the HTTP server, the queues and the Redis connections. */
  close(): Promise<void>;
}

/** How a shutdown went, for the last log line. */
export interface ShutdownReport {
  /** Whether the grace ran out with tasks still running, so they were stopped. */
  interrupted: boolean;
  /** Whether jobs were still running even after being stopped, so the process left without closing. */
  abandoned: boolean;
  ms: number;
}

// After the grace: SIGTERM, the task's 5 s to exit, up to 5 s for SIGKILL to empty the group, then the report.
const AFTER_INTERRUPT_MS = 15_000;

/**
 * A graceful stop: refuse new work at once, let running jobs finish for `graceMs`, then stop the tasks
 * still running (they report themselves interrupted), then close everything.
 */
export async function shutDown(
  target: Stoppable,
  options: { graceMs: number; log: Logger; afterInterruptMs?: number },
): Promise<ShutdownReport> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const finished = target.stopTaking().then(
    () => true,
    (error: unknown) => {
      options.log.error({ err: error }, "stopping the workers failed");
      return true;
    },
  );
  const cancelTimer = new AbortController();
  const within = (limitMs: number) =>
    Promise.race([finished, delay(limitMs, false, { signal: cancelTimer.signal }).catch(() => false)]);
  try {
    if (await within(options.graceMs)) {
      await target.close();
      return { interrupted: false, abandoned: false, ms: ms() };
    }
    options.log.warn(
      { graceMs: options.graceMs },
      "the shutdown grace is over: stopping the tasks still running",
    );
    target.interruptTasks();
    if (await within(options.afterInterruptMs ?? AFTER_INTERRUPT_MS)) {
      await target.close();
      return { interrupted: true, abandoned: false, ms: ms() };
    }
    // Closing would wait for those same jobs: leave, and let their queue locks lapse for another worker.
    options.log.error("jobs still running after they were stopped: leaving without waiting for them");
    return { interrupted: true, abandoned: true, ms: ms() };
  } finally {
    cancelTimer.abort();
  }
}
