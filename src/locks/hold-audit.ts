import { type AuditEvent, SYSTEM_ACTOR } from "../audit/audit-event.ts";
import type { HoldView } from "../jobs/hold-view.ts";
import { describeHold, type TakeDecision } from "./hold-rules.ts";

/** Who asked, from where, about which repository and when: the part every hold event shares. */
export interface HoldContext {
  at: number;
  actor: string;
  surface: "github" | "slack";
  repository: string;
}

/** The event for a `/lock`: taken, renewed, or refused with the holder named. */
export function lockEvent(context: HoldContext, pullRequest: number, decision: TakeDecision): AuditEvent {
  const { hold } = decision;
  if (decision.kind === "held-by-other") {
    const reason = describeHold(hold);
    return { ...context, action: "lock-refused", environment: hold.environment, pullRequest, reason };
  }
  const base = { ...context, environment: hold.environment, pullRequest: hold.pullRequest };
  return { ...base, action: "lock", outcome: decision.kind, reason: hold.reason };
}

/** The event for an `/unlock`; an admin releasing someone else's hold is told apart. */
export function unlockEvent(context: HoldContext, hold: HoldView): AuditEvent {
  const own = hold.login.toLowerCase() === context.actor.toLowerCase();
  return {
    ...context,
    action: "unlock",
    environment: hold.environment,
    pullRequest: hold.pullRequest,
    outcome: own ? "released" : "released-by-admin",
    reason: describeHold(hold),
  };
}

/** The event for a hold that Shipmate ended: its `lock_ttl` ran out, or its pull request was merged or closed. */
export function systemReleaseEvent(
  at: number,
  repository: string,
  hold: HoldView,
  why: "expired" | "merged" | "closed",
): AuditEvent {
  return {
    // A lapsed hold is noticed at the next read; the trail says when it actually ended.
    at: why === "expired" ? (hold.expiresAt ?? at) : at,
    action: why === "expired" ? "lock-expired" : "lock-released",
    actor: SYSTEM_ACTOR,
    surface: "system",
    repository,
    environment: hold.environment,
    pullRequest: hold.pullRequest,
    outcome: why,
    reason: describeHold(hold),
  };
}
