import type { SlackCall } from "../../support/fake-slack.ts";

/** A 429 the fake answered, and the first call of the same method after it. */
export interface HonouredWait {
  method: string;
  retryAfterMs: number;
  /** How long after the Retry-After ran out the next call of the method came (negative: too early). */
  marginMs: number;
}

/**
 * For each call the fake answered 429, when the next call of that method came, measured from the end of
 * its Retry-After. Slack's limits are per method, so only calls of the same method count.
 */
export function waitsAfter429(calls: readonly SlackCall[]): HonouredWait[] {
  return calls.flatMap((call, index) => {
    const answer = call.faulted;
    if (answer === undefined || !("status" in answer) || answer.status !== 429) return [];
    const retryAfterMs = (answer.retryAfter ?? 1) * 1000;
    const next = calls.slice(index + 1).find((later) => later.method === call.method);
    if (next === undefined) return [];
    return [{ method: call.method, retryAfterMs, marginMs: next.at - (call.at + retryAfterMs) }];
  });
}
