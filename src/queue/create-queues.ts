import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUE_NAMES } from "./queue-names.ts";

export interface Queues {
  intake: Queue;
  tasks: Queue;
  reports: Queue;
}

const DAY = 24 * 3600;

/**
 * The three queues. Intake jobs are kept a week after they finish because their id is the
 * comment's: that is what makes a redelivered webhook a no-op.
 */
export function createQueues(connection: Redis, prefix: string): Queues {
  const common = { connection, prefix, skipWaitingForReady: true } as const;
  return {
    intake: new Queue(QUEUE_NAMES.intake, {
      ...common,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: "github" },
        removeOnComplete: { age: 7 * DAY },
        removeOnFail: { age: 14 * DAY },
      },
    }),
    tasks: new Queue(QUEUE_NAMES.tasks, {
      ...common,
      defaultJobOptions: {
        // Only failures before the task starts are thrown, so a retry never runs a deploy twice.
        attempts: 3,
        backoff: { type: "github" },
        removeOnComplete: { age: 30 * DAY },
        removeOnFail: { age: 30 * DAY },
      },
    }),
    reports: new Queue(QUEUE_NAMES.reports, {
      ...common,
      defaultJobOptions: {
        attempts: 10,
        backoff: { type: "github" },
        removeOnComplete: true,
        removeOnFail: { age: 7 * DAY },
      },
    }),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all([queues.intake.close(), queues.tasks.close(), queues.reports.close()]);
}
