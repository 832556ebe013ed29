import type { Queue } from "bullmq";
import { Gauge, type Registry } from "prom-client";
import type { Logger } from "../shared/logger.ts";
import { within } from "../shared/within.ts";

// The BullMQ states counted for each queue.
const QUEUE_STATES = [
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
  "completed",
  "failed",
] as const;

const SCRAPE_BUDGET_MS = 2_000;

/**
 * `shipmate_queue_jobs{queue, state}`, read from Redis when scraped (one `getJobCounts` per queue).
 * When Redis does not answer, the series are left out of that scrape rather than shown stale.
 */
export function defineQueueDepth(registry: Registry, queues: readonly Queue[], log: Logger): void {
  new Gauge({
    name: "shipmate_queue_jobs",
    help: "Jobs in each BullMQ queue, by state, when scraped.",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const counts = await within(
          SCRAPE_BUDGET_MS,
          Promise.all(queues.map((queue) => queue.getJobCounts(...QUEUE_STATES))),
        );
        queues.forEach((queue, i) => {
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[i]?.[state] ?? 0);
        });
      } catch (error) {
        log.debug({ err: error instanceof Error ? error.message : String(error) }, "queue depth not read");
      }
    },
  });
}
