import type { IncomingMessage, ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import type { MetricsRecorder, RequestOutcome } from "../../metrics/recorder.ts";
import type { Logger } from "../../shared/logger.ts";
import { within } from "../../shared/within.ts";
import { readBody } from "../http/read-body.ts";
import type { IngressOutcome } from "./on-issue-comment.ts";

// GitHub caps webhook payloads at 25 MB.
const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
// GitHub waits 10 s for an answer. A Redis that keeps the connection but answers nothing (paused, or
// stalled on its disk) would hold the answer past that; a 503 comes in time instead. Recording may still
// finish afterwards, and then a redelivery finds the job already there.
const RECORD_DEADLINE_MS = 8_000;

export type EventHandler = (event: string, deliveryId: string, payload: unknown) => Promise<IngressOutcome>;

export interface WebhookRouteDeps {
  secrets: readonly string[];
  handle: EventHandler;
  log: Logger;
  metrics?: Pick<MetricsRecorder, "webhook"> | undefined;
}

/**
 * `POST /api/github/webhooks`: checks the HMAC-SHA256 signature on the exact bytes received, then hands
 * the event to the handler. A 2xx means the work is recorded in Redis; when Redis is away the answer
 * is 503, so the delivery shows as failed in GitHub and can be redelivered.
 */
export function githubWebhookRoute(deps: WebhookRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const outcome = await receive(deps, req, res);
    // The header may say anything when the signature is bad: the recorder counts unknown names as "other".
    if (outcome !== undefined) deps.metrics?.webhook(header(req, "x-github-event") ?? "", outcome);
  };
}

/** Answers one delivery and says how; undefined when the sender left before its body arrived. */
async function receive(
  deps: WebhookRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<RequestOutcome | undefined> {
  const event = header(req, "x-github-event");
  const deliveryId = header(req, "x-github-delivery");
  const signature = header(req, "x-hub-signature-256");
  if (!event || !deliveryId) {
    return answer(res, "refused", 400, "Missing x-github-event or x-github-delivery\n");
  }
  if (!signature) return answer(res, "invalid_signature", 401, "Missing x-hub-signature-256\n");
  if (!(header(req, "content-type") ?? "").startsWith("application/json")) {
    return answer(res, "refused", 415, "Webhooks must be sent as application/json\n");
  }
  const body = await readBody(req, MAX_WEBHOOK_BYTES);
  if (body.kind === "too-large") return answer(res, "refused", 413, "Payload too large\n");
  if (body.kind === "aborted") return undefined;
  if (!(await signedByAny(deps.secrets, body.text, signature))) {
    deps.log.warn({ deliveryId, event }, "webhook signature does not match");
    return answer(res, "invalid_signature", 401, "Signature does not match\n");
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.text);
  } catch {
    return answer(res, "refused", 400, "Invalid JSON\n");
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return answer(res, "refused", 400, "Expected a JSON object\n");
  }
  try {
    const handled = await within(RECORD_DEADLINE_MS, deps.handle(event, deliveryId, payload));
    // Ties GitHub's delivery id (shown in the App's "Recent Deliveries") to the work it started.
    if (RECEIVED[handled] === "accepted") {
      deps.log.info({ deliveryId, event, outcome: handled }, "webhook delivery recorded");
    }
    return answer(res, RECEIVED[handled], handled === "queued" ? 202 : 200, `${handled}\n`);
  } catch (error) {
    deps.log.error({ err: error, deliveryId, event }, "could not record the delivery");
    return answer(res, "unavailable", 503, "Shipmate could not record this delivery; redeliver it\n", {
      "retry-after": "5",
    });
  }
}

// A payload the handler cannot read is answered 200 (GitHub would only redeliver it), but counts as refused.
const RECEIVED: Readonly<Record<IngressOutcome, RequestOutcome>> = {
  queued: "accepted",
  recorded: "accepted",
  ignored: "ignored",
  invalid: "refused",
};

async function signedByAny(secrets: readonly string[], body: string, signature: string): Promise<boolean> {
  for (const secret of secrets) {
    if (await verify(secret, body, signature).catch(() => false)) return true;
  }
  return false;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function answer(
  res: ServerResponse,
  outcome: RequestOutcome,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): RequestOutcome {
  res.writeHead(status, { "content-type": "text/plain", ...headers }).end(text);
  return outcome;
}
