import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { type IntakeJob, intakeJobId } from "../../src/jobs/intake-job.schema.ts";
import { createProducerConnection, waitUntilReady } from "../../src/queue/redis-connections.ts";
import { onCleanup } from "./cleanup.ts";
import { deleteKeysWithPrefix } from "./redis-keys.ts";
import { type Summary, summarise } from "./stats.ts";

export interface RawAddLevel {
  concurrency: number;
  perSecond: number;
  latency: Summary;
  errors: number;
}

/** The job Shipmate's webhook path adds for a `/deploy staging` comment, for the same payload size. */
export function intakeLike(commentId: number): IntakeJob {
  return {
    v: 1,
    kind: "github-comment",
    deliveryId: randomUUID(),
    installationId: 1,
    repository: {
      id: 1296269,
      owner: "acme",
      name: "shop",
      defaultBranch: "main",
      cloneUrl: "file:///tmp/shipmate-repo-XXXXXX",
      htmlUrl: "https://github.example/acme/shop",
    },
    pullRequest: 7,
    commentId,
    sender: { login: "alice", id: 1 },
    lines: [{ line: 1, text: "/deploy staging" }],
    receivedAt: Date.now(),
  };
}

/**
 * Plain `queue.add` on the same Redis, with Shipmate's connection settings and job id scheme but
 * nothing else in front: the ceiling the webhook path is compared with.
 */
export async function measureRawAdds(
  redisUrl: string,
  levels: readonly number[],
  n: number,
): Promise<RawAddLevel[]> {
  const prefix = `{shipmate-bench-raw-${randomUUID().slice(0, 8)}}`;
  const redis = createProducerConnection(redisUrl);
  await waitUntilReady(redis);
  const queue = new Queue("intake", { connection: redis, prefix, skipWaitingForReady: true });
  const close = async () => {
    await queue.close();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  };
  const forget = onCleanup("raw BullMQ queue and its keys", close);
  const results: RawAddLevel[] = [];
  let nextId = 1;
  try {
    for (const concurrency of levels) {
      const jobs = Array.from({ length: n }, () => intakeLike(nextId++));
      const latencies: number[] = [];
      let errors = 0;
      let next = 0;
      const started = performance.now();
      const lane = async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          if (!job) return;
          const t0 = performance.now();
          try {
            await queue.add("github-comment", job, { jobId: intakeJobId(job.commentId) });
            latencies.push(performance.now() - t0);
          } catch {
            errors++;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      const wallMs = performance.now() - started;
      results.push({
        concurrency,
        perSecond: (latencies.length / wallMs) * 1000,
        latency: summarise(latencies),
        errors,
      });
    }
  } finally {
    forget();
    await close();
  }
  return results;
}
