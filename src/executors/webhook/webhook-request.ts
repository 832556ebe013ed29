import { createHmac } from "node:crypto";
import type { TaskKind } from "../../jobs/job-view.ts";

/** The header that carries `sha256=<hex HMAC of the body>`. */
export const SIGNATURE_HEADER = "X-Shipmate-Signature-256";

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

/** `sha256=` and the hex HMAC-SHA256 of `body` under `secret`, as GitHub signs its own webhooks. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** The headers of a webhook request: JSON, the job's id and, with a secret, the signature of `body`. */
export function webhookHeaders(
  jobId: string,
  body: string,
  secret: string | undefined,
): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "Shipmate",
    "x-shipmate-job": jobId,
    ...(secret !== undefined && { [SIGNATURE_HEADER.toLowerCase()]: signBody(secret, body) }),
  };
}
