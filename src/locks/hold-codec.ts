import type { HoldView } from "../jobs/hold-view.ts";

/** The stored form of a hold. */
export function encodeHold(hold: HoldView): string {
  return JSON.stringify(hold);
}

/** Reads a stored hold back; JSON drops undefined fields, so they are restored here. */
export function decodeHold(raw: string): HoldView {
  const stored = JSON.parse(raw) as Partial<HoldView>;
  return {
    environment: String(stored.environment),
    pullRequest: Number(stored.pullRequest),
    login: String(stored.login),
    reason: typeof stored.reason === "string" ? stored.reason : undefined,
    at: Number(stored.at),
    expiresAt: typeof stored.expiresAt === "number" ? stored.expiresAt : undefined,
  };
}
