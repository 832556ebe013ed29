import { createHmac } from "node:crypto";
import type { TaskKind } from "../../jobs/job-view.ts";

/** The header that carries `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const SIGNATURE_HEADER = "X-Shipmate-Signature-256";
/** The header that carries the signing time, in whole seconds since the epoch. */
export const TIMESTAMP_HEADER = "X-Shipmate-Timestamp";
/** The header that says which request of the protocol this is. */
export const EVENT_HEADER = "X-Shipmate-Event";

/** The requests Shipmate sends a deployer: start the job, ask how it goes, stop it. */
export type WebhookEvent = "start" | "status" | "cancel";

/** What a webhook receives about the job: the same facts a task process gets, and never a secret. */
export interface WebhookPayload {
  job: string;
  repository: string;
  task: TaskKind;
  environment: string;
  sha: string;
  ref: string;
  pullRequest: number | null;
  actor: string;
  dryRun: boolean;
  params: Readonly<Record<string, string>>;
}

/** The POST body, exactly the bytes that are signed. */
export function webhookBody(payload: WebhookPayload): string {
  return JSON.stringify(payload);
}

/** The cancel POST's body: the job's facts and why it stopped. */
export function cancelBody(payload: WebhookPayload, reason: "cancelled" | "timed_out"): string {
  return JSON.stringify({ ...payload, reason });
}

/**
 * `sha256=` and the hex HMAC-SHA256, under `secret`, of the timestamp, a dot and the raw body: the
 * timestamp is signed so that a captured request cannot be replayed once it is old.
 */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")}`;
}

/**
 * The headers of one webhook request, built for each try so its timestamp is fresh: the job's id, the
 * event, JSON when there is a body and, with a secret, the timestamp and the signature of `body` (empty for a GET).
 */
export function webhookHeaders(input: {
  jobId: string;
  event: WebhookEvent;
  body: string;
  secret: string | undefined;
  now: number;
}): Record<string, string> {
  const timestamp = Math.floor(input.now / 1000);
  return {
    ...(input.body !== "" && { "content-type": "application/json" }),
    "user-agent": "Shipmate",
    "x-shipmate-job": input.jobId,
    [EVENT_HEADER.toLowerCase()]: input.event,
    ...(input.secret !== undefined && {
      [TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
      [SIGNATURE_HEADER.toLowerCase()]: signBody(input.secret, timestamp, input.body),
    }),
  };
}

/** A URL as it is shown in output and reports: no user info, no query, since either may hold a token. */
export function shownUrl(url: string): string {
  const parsed = URL.parse(url);
  if (parsed === null) return "(an invalid URL)";
  const query = parsed.search === "" ? "" : "?…";
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
}
