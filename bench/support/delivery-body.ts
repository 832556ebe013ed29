import { createHmac } from "node:crypto";

/** A serialised `issue_comment.created` body split where the comment id goes: `before + id + after`. */
export interface DeliveryTemplate {
  before: string;
  after: string;
}

/** The body of the delivery for one comment id. */
export function deliveryBody(template: DeliveryTemplate, commentId: number): string {
  return `${template.before}${commentId}${template.after}`;
}

/** GitHub's `X-Hub-Signature-256` for a body. */
export function signature(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The headers GitHub sends with a delivery (the delivery id names the comment, for reading logs). */
export function deliveryHeaders(body: Buffer, commentId: number, secret: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "content-length": String(body.length),
    "user-agent": "GitHub-Hookshot/bench",
    "x-github-event": "issue_comment",
    "x-github-delivery": `bench-${commentId}`,
    "x-hub-signature-256": signature(secret, body),
  };
}
