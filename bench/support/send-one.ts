import { Agent, request } from "node:http";
import { WEBHOOK_SECRET } from "../../test/support/harness.ts";
import { type DeliveryTemplate, deliveryBody, deliveryHeaders } from "./delivery-body.ts";

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Sends one delivery on a kept-alive socket; resolves with the status (0 for no answer) and when it was sent. */
export function sendOne(
  url: string,
  template: DeliveryTemplate,
  commentId: number,
): Promise<{ status: number; sentAt: number }> {
  const body = Buffer.from(deliveryBody(template, commentId));
  const headers = deliveryHeaders(body, commentId, WEBHOOK_SECRET);
  const target = new URL("/api/github/webhooks", url);
  return new Promise((resolve) => {
    const sentAt = Date.now();
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers, agent },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, sentAt }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ status: 0, sentAt }));
    req.end(body);
  });
}

/** Closes the kept-alive socket so the process can exit. */
export function closeSendOne(): void {
  agent.destroy();
}
