import type { HoldView } from "../jobs/hold-view.ts";

export interface TakeRequest {
  environment: string;
  pullRequest: number;
  login: string;
  reason: string | undefined;
  /** How long the hold lasts (`lock_ttl`); undefined: until released. */
  ttlMs: number | undefined;
}

export type TakeDecision =
  | { kind: "taken"; hold: HoldView }
  | { kind: "renewed"; hold: HoldView }
  | { kind: "held-by-other"; hold: HoldView };

/** True once a hold's `lock_ttl` has run out. */
export function isExpired(hold: HoldView, now: number): boolean {
  return hold.expiresAt !== undefined && hold.expiresAt <= now;
}

/**
 * What `/lock` does given the environment's live hold (expired holds count as none): take it, renew
 * this pull request's own hold (new reason if one is given, new expiry; who and since when stay), or refuse.
 */
export function decideTake(current: HoldView | undefined, request: TakeRequest, now: number): TakeDecision {
  const expiresAt = request.ttlMs === undefined ? undefined : now + request.ttlMs;
  if (current === undefined || isExpired(current, now)) {
    const { environment, pullRequest, login, reason } = request;
    return { kind: "taken", hold: { environment, pullRequest, login, reason, at: now, expiresAt } };
  }
  if (current.pullRequest !== request.pullRequest) return { kind: "held-by-other", hold: current };
  return { kind: "renewed", hold: { ...current, reason: request.reason ?? current.reason, expiresAt } };
}

/** The person who took a hold may release it, and so may an admin; GitHub logins ignore case. */
export function mayRelease(hold: HoldView, login: string, isAdmin: boolean): boolean {
  return isAdmin || hold.login.toLowerCase() === login.toLowerCase();
}

/** "held by @alice for #41 (reason)": names the holder in refusals and audit reasons. */
export function describeHold(hold: HoldView): string {
  const why = hold.reason === undefined ? "" : ` (${hold.reason})`;
  return `held by @${hold.login} for #${hold.pullRequest}${why}`;
}
