import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { intakeJobId } from "../../../src/jobs/intake-job.schema.ts";
import { QUEUE_NAMES } from "../../../src/queue/queue-names.ts";

/** What the intake queue holds for accepted comments, read on the test's own connection. */
export interface IntakeReader {
  /** The delivery id recorded for the comment's intake job, or undefined when it has none. */
  deliveryOf(commentId: number): Promise<string | undefined>;
  /** How many intake jobs there are, in any state. */
  count(): Promise<number>;
  close(): Promise<void>;
}

/** Reads `prefix`'s intake queue through `redis` (only reads, so a Redis paused for writes still answers). */
export function intakeReader(redis: Redis, prefix: string): IntakeReader {
  const intake = new Queue(QUEUE_NAMES.intake, { connection: redis, prefix });
  return {
    async deliveryOf(commentId) {
      const job = await intake.getJob(intakeJobId(commentId));
      return (job?.data as { deliveryId?: string } | undefined)?.deliveryId;
    },
    async count() {
      const counts = await intake.getJobCounts();
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    close: () => intake.close(),
  };
}
