import type { Queue } from "bullmq";
import type { Redis } from "ioredis";

export interface QueueState {
  /** Every job the queue holds, whatever its state. */
  total: number;
  /** Waiting, active, delayed or prioritised: work not yet done. */
  pending: number;
  completed: number;
  failed: number;
}

/** The queue's job counts, summed the way the bench reports them. */
export async function queueState(queue: Queue): Promise<QueueState> {
  const counts = await queue.getJobCounts();
  const n = (name: string) => counts[name] ?? 0;
  const pending = n("waiting") + n("active") + n("delayed") + n("prioritized") + n("paused");
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { total, pending, completed: n("completed"), failed: n("failed") };
}

/** How many of these job ids the queue holds (one EXISTS per batch of keys). */
export async function countJobIds(redis: Redis, queue: Queue, ids: readonly string[]): Promise<number> {
  let found = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const keys = ids.slice(i, i + 500).map((id) => queue.toKey(id));
    found += await redis.exists(...keys);
  }
  return found;
}
