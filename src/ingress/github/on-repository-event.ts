import type { Redis } from "ioredis";
import { z } from "zod";
import { pullRequestHeadKey } from "../../queue/pull-request-heads.ts";

const pullRequestSchema = z.object({
  pull_request: z.object({ number: z.number().int(), head: z.object({ sha: z.string() }) }),
  repository: z.object({ id: z.number().int() }),
});

const HEAD_TTL_SECONDS = 30 * 24 * 3600;

/** Remembers each pull request's latest head, so a worker can tell without calling GitHub that it moved. */
export async function onPullRequestHead(
  deps: { redis: Redis; prefix: string },
  payload: unknown,
): Promise<boolean> {
  const p = pullRequestSchema.safeParse(payload);
  if (!p.success) return false;
  const key = pullRequestHeadKey(deps.prefix, p.data.repository.id, p.data.pull_request.number);
  await deps.redis.set(key, p.data.pull_request.head.sha, "EX", HEAD_TTL_SECONDS);
  return true;
}
