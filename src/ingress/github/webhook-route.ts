import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../http/read-body.ts";

// GitHub caps webhook payloads at 25 MB.
const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

type Middleware = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Reads the delivery with a size limit and refuses bodies that cannot be an event (every GitHub
 * payload is a JSON object) before Probot verifies the signature on the exact bytes received.
 */
export function githubWebhookRoute(middleware: Middleware): Middleware {
  return async (req, res) => {
    const body = await readBody(req, MAX_WEBHOOK_BYTES);
    if (body.kind === "too-large") {
      res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end("Payload too large\n");
      return;
    }
    if (body.kind === "aborted") return;
    if (!body.text.trimStart().startsWith("{")) {
      res.writeHead(400, { "content-type": "text/plain" }).end("Expected a JSON object\n");
      return;
    }
    // @octokit/webhooks takes a string body as the raw payload, so the signature is still checked on it.
    req.body = body.text;
    return middleware(req, res);
  };
}
