import { prComment, sendWebhook } from "../../support/harness.ts";

/** Response times (ms) of `count` signed `/help` comments sent `concurrency` at a time, in send order. */
export async function helpLatencies(
  url: string,
  count: number,
  concurrency: number,
  firstCommentId: number,
): Promise<number[]> {
  const times: number[] = new Array(count);
  let next = 0;
  const sender = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const payload = prComment({ body: "/help", commentId: firstCommentId + i, pullRequest: 9 });
      const started = performance.now();
      const response = await sendWebhook(url, "issue_comment", payload);
      await response.arrayBuffer();
      times[i] = performance.now() - started;
      if (response.status >= 300) throw new Error(`delivery ${i} answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return times;
}

/** The `p`-th percentile (0–100) by the nearest-rank method. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
