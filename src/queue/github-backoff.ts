import { UnrecoverableError } from "bullmq";
import { adviseRetry } from "../github/retry-policy.ts";

const BASE_MS = 1_000;
const MAX_MS = 5 * 60_000;

/**
 * BullMQ backoff for work that calls GitHub: wait as long as a rate limit asks, else back off
 * exponentially. Errors that will not improve (404, 422 …) are not retried.
 */
export function githubBackoff(attemptsMade: number, _type?: string, err?: Error): number {
  const advice = adviseRetry(err);
  if (advice.kind === "give-up") return -1;
  if (advice.afterMs !== undefined) return Math.min(advice.afterMs, MAX_MS * 12);
  return Math.min(BASE_MS * 2 ** Math.max(0, attemptsMade - 1), MAX_MS);
}

/** Wraps an error that retrying will not fix, so BullMQ fails the job at once. */
export function giveUpUnlessRetryable(error: unknown): unknown {
  if (adviseRetry(error).kind === "give-up" && !(error instanceof UnrecoverableError)) {
    return new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
  return error;
}
