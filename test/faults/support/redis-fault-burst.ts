import { randomUUID } from "node:crypto";
import { prComment, sendWebhook } from "../../support/harness.ts";
import { sleep } from "../../support/pr-thread.ts";

/** GitHub gives up on a delivery that has no answer after 10 s and marks it failed. */
export const GITHUB_TIMEOUT_MS = 10_000;

/** One `/deploy staging` comment delivered by GitHub: a comment of its own, under a delivery id of its own. */
export interface Delivery {
  commentId: number;
  deliveryId: string;
}

/** A delivery and what became of it; `status` 0 when no answer came within the sender's patience. */
export interface Answered extends Delivery {
  status: number;
  sentAt: number;
  ms: number;
}

/** `count` deliveries of new comments, ids from `firstCommentId` on. */
export function deliveries(count: number, firstCommentId: number): Delivery[] {
  return Array.from({ length: count }, (_, i) => ({
    commentId: firstCommentId + i,
    deliveryId: randomUUID(),
  }));
}

/**
 * Sends each delivery once, `concurrency` at a time, signed as GitHub signs them; a redelivery is the same
 * call with the same delivery. `onAnswer` sees each answer as it arrives, before the next send; an answer
 * slower than `patienceMs` is not waited for (the request is left to finish on its own).
 */
export async function sendBurst(
  url: string,
  list: readonly Delivery[],
  options: { concurrency: number; patienceMs: number; onAnswer?: (answered: Answered) => Promise<void> },
): Promise<Answered[]> {
  const answers: Answered[] = [];
  let next = 0;
  const sender = async () => {
    for (let delivery = list[next++]; delivery !== undefined; delivery = list[next++]) {
      const payload = prComment({ body: "/deploy staging", commentId: delivery.commentId, pullRequest: 1 });
      const sentAt = performance.now();
      const response = await Promise.race([
        sendWebhook(url, "issue_comment", payload, { deliveryId: delivery.deliveryId }),
        sleep(options.patienceMs).then(() => undefined),
      ]);
      const answered = { ...delivery, status: response?.status ?? 0, sentAt, ms: performance.now() - sentAt };
      await response?.arrayBuffer();
      answers.push(answered);
      await options.onAnswer?.(answered);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  return answers;
}

/** The `p`th percentile (0..100) of `values`, nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
