import { type AuditEvent, AuditTrail } from "../../../src/audit/audit-trail.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { fixture, type Running, sendWebhook } from "../../support/harness.ts";

/**
 * Sends `pull_request.closed` for `pr`, merged or not, built from GitHub's example payload: of acme/shop
 * (the repository the comment fixture names by the same id) unless another repository is given.
 */
export async function closePullRequest(
  app: Running,
  pr: number,
  merged: boolean,
  other?: { id: number; name: string },
): Promise<Response> {
  const payload = fixture<ClosedPayload>("pull_request.synchronize");
  payload.action = "closed";
  payload.number = pr;
  payload.pull_request.number = pr;
  payload.pull_request.state = "closed";
  payload.pull_request.merged = merged;
  payload.pull_request.closed_at = new Date().toISOString();
  payload.pull_request.merged_at = merged ? payload.pull_request.closed_at : null;
  if (other !== undefined) payload.repository.id = other.id;
  payload.repository.name = other?.name ?? "shop";
  payload.repository.full_name = `acme/${payload.repository.name}`;
  payload.repository.owner.login = "acme";
  return sendWebhook(app.url, "pull_request", payload);
}

interface ClosedPayload {
  action: string;
  number: number;
  pull_request: {
    number: number;
    state: string;
    merged: boolean;
    closed_at: string | null;
    merged_at: string | null;
  };
  repository: { id: number; name: string; full_name: string; owner: { login: string } };
}

const HOLD_ACTIONS = new Set(["lock", "lock-refused", "unlock", "lock-expired", "lock-released"]);

/** The hold events of the app's audit trail, oldest first. */
export async function holdEvents(app: Running): Promise<AuditEvent[]> {
  const audit = new AuditTrail(app.redis, app.prefix, createLogger("silent", []));
  const events = await audit.read({ repository: "acme/shop", count: 1_000 });
  return events.filter((event) => HOLD_ACTIONS.has(event.action));
}
