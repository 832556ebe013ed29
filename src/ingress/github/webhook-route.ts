import type { IncomingMessage, ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import type { Logger } from "../../shared/logger.ts";
import { readBody } from "../http/read-body.ts";
import type { IngressOutcome } from "./on-issue-comment.ts";

// GitHub caps webhook payloads at 25 MB.
const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export type EventHandler = (event: string, deliveryId: string, payload: unknown) => Promise<IngressOutcome>;

/**
 * `POST /api/github/webhooks`: checks the HMAC-SHA256 signature on the exact bytes received, then hands
 * the event to the handler. A 2xx means the work is recorded in Redis; when Redis is away the answer
 * is 503, so the delivery shows as failed in GitHub and can be redelivered.
 */
export function githubWebhookRoute(deps: { secrets: readonly string[]; handle: EventHandler; log: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const event = header(req, "x-github-event");
    const deliveryId = header(req, "x-github-delivery");
    const signature = header(req, "x-hub-signature-256");
    if (!event || !deliveryId) return answer(res, 400, "Missing x-github-event or x-github-delivery\n");
    if (!signature) return answer(res, 401, "Missing x-hub-signature-256\n");
    if (!(header(req, "content-type") ?? "").startsWith("application/json")) {
      return answer(res, 415, "Webhooks must be sent as application/json\n");
    }
    const body = await readBody(req, MAX_WEBHOOK_BYTES);
    if (body.kind === "too-large") return answer(res, 413, "Payload too large\n");
    if (body.kind === "aborted") return;
    if (!(await signedByAny(deps.secrets, body.text, signature))) {
      deps.log.warn({ deliveryId, event }, "webhook signature does not match");
      return answer(res, 401, "Signature does not match\n");
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.text);
    } catch {
      return answer(res, 400, "Invalid JSON\n");
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
      return answer(res, 400, "Expected a JSON object\n");
    }
    try {
      const outcome = await deps.handle(event, deliveryId, payload);
      answer(res, outcome === "queued" ? 202 : 200, `${outcome}\n`);
    } catch (error) {
      deps.log.error({ err: error, deliveryId, event }, "could not record the delivery");
      answer(res, 503, "Shipmate could not record this delivery; redeliver it\n", { "retry-after": "5" });
    }
  };
}

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
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/plain", ...headers }).end(text);
}
