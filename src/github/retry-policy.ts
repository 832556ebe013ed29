import { statusOf } from "./github-client.ts";

export type RetryAdvice = { kind: "retry"; afterMs: number | undefined } | { kind: "give-up" };

/**
 * Whether a failed GitHub call is worth another try: server errors, network failures and rate
 * limits are; a 404 or 422 will answer the same way every time.
 */
export function adviseRetry(error: unknown): RetryAdvice {
  const status = statusOf(error);
  if (status === undefined) return { kind: "retry", afterMs: undefined };
  if (status >= 500 || status === 408) return { kind: "retry", afterMs: undefined };
  if (status === 429 || (status === 403 && isRateLimited(error))) {
    return { kind: "retry", afterMs: retryAfterMs(error) };
  }
  return { kind: "give-up" };
}

function headersOf(error: unknown): Record<string, string | number | undefined> {
  if (typeof error !== "object" || error === null || !("response" in error)) return {};
  const response = error.response;
  if (typeof response !== "object" || response === null || !("headers" in response)) return {};
  return (response.headers ?? {}) as Record<string, string | number | undefined>;
}

function isRateLimited(error: unknown): boolean {
  const headers = headersOf(error);
  if (headers["retry-after"] !== undefined || String(headers["x-ratelimit-remaining"]) === "0") return true;
  return /rate limit/i.test(error instanceof Error ? error.message : "");
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = headersOf(error);
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  const reset = Number(headers["x-ratelimit-reset"]);
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - Date.now()) + 1000;
  return undefined;
}
