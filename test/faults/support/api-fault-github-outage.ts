import type { FakeGitHub, Fault, RecordedCall } from "../../support/fake-github.ts";
import { eventually } from "../../support/pr-thread.ts";

/** One stretch of an outage: calls to the faulted routes get this answer until `calls` of them have. */
export interface OutagePhase {
  status: number;
  calls: number;
  headers?: Record<string, string>;
  message?: string;
}

/** A route the outage answers for: `METHOD` and a pattern on the path (without /api/v3). */
export interface FaultedRoute {
  method: string;
  pathPattern: RegExp;
}

export const BAD_GATEWAY: Omit<OutagePhase, "calls"> = { status: 502, message: "Server Error" };
// What GitHub answers when a client writes too fast: a 403, not a 429, told apart by its text.
export const SECONDARY_RATE_LIMIT: Omit<OutagePhase, "calls"> = {
  status: 403,
  headers: { "retry-after": "1" },
  message:
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
};
export const TOO_MANY_REQUESTS: Omit<OutagePhase, "calls"> = {
  status: 429,
  headers: { "retry-after": "1" },
  message: "API rate limit exceeded",
};

/**
 * Makes the fake GitHub fail calls to `routes`: the first `calls` of them with the first phase's answer,
 * the next ones with the next phase's, then answers normally again. Counting calls rather than time makes
 * each phase certain to be met however fast the machine is. Resolves with the instant the last failing
 * answer went out (ms since the epoch): from then on, GitHub has recovered.
 */
export async function runOutage(
  github: FakeGitHub,
  routes: readonly FaultedRoute[],
  phases: readonly OutagePhase[],
): Promise<number> {
  let recoveredAt: number | undefined;
  const faults = phases.flatMap((phase, index) => {
    let left = phase.calls;
    // Asked only for a call that matches the route, and one phase after the other: the array's order.
    const take = (): boolean => {
      if (left === 0) return false;
      left -= 1;
      if (left === 0 && index === phases.length - 1) recoveredAt = Date.now();
      return true;
    };
    return routes.map(
      (route): Fault => ({
        ...route,
        status: phase.status,
        times: Number.POSITIVE_INFINITY,
        body: take,
        ...(phase.headers && { headers: phase.headers }),
        ...(phase.message && { message: phase.message }),
      }),
    );
  });
  github.faults.push(...faults);
  const total = phases.reduce((sum, phase) => sum + phase.calls, 0);
  const at = await eventually(() => recoveredAt, 60_000, `${total} calls answered with a fault`);
  for (const fault of faults) github.faults.splice(github.faults.indexOf(fault), 1);
  return at;
}

/** Calls a fault answered, by status. */
export function faultsByStatus(calls: readonly RecordedCall[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of calls) {
    if (call.faulted !== undefined) counts.set(call.faulted, (counts.get(call.faulted) ?? 0) + 1);
  }
  return counts;
}

/** Faulted calls that were made again later (same method and path): the retries the outage caused. */
export function retriedCalls(calls: readonly RecordedCall[]): number {
  return calls.filter(
    (call, index) =>
      call.faulted !== undefined &&
      calls.slice(index + 1).some((later) => later.method === call.method && later.path === call.path),
  ).length;
}

/**
 * Calls made while an earlier answer's Retry-After still ran: GitHub may ban an integration that keeps
 * writing while it is rate limited. Only calls matching `routes` count (the ones the outage answers).
 */
export function callsInsideRetryAfter(
  calls: readonly RecordedCall[],
  routes: readonly FaultedRoute[],
  retryAfterMs: ReadonlyMap<number, number>,
): number {
  const matching = calls.filter((call) =>
    routes.some((r) => r.method === call.method && r.pathPattern.test(call.path)),
  );
  let heldUntil = 0;
  let early = 0;
  for (const call of matching) {
    if (call.at < heldUntil) early++;
    const wait = call.faulted === undefined ? undefined : retryAfterMs.get(call.faulted);
    if (wait !== undefined) heldUntil = Math.max(heldUntil, call.at + wait);
  }
  return early;
}
