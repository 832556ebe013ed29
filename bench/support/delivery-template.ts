import { prComment } from "../../test/support/harness.ts";
import type { DeliveryTemplate } from "./delivery-body.ts";

const SENTINEL = 987_654_321_012_345;

/** A `/deploy staging` comment by a writer on PR 7 of acme/shop, from GitHub's own example payload. */
export function deliveryTemplate(cloneUrl: string, body = "/deploy staging"): DeliveryTemplate {
  const json = JSON.stringify(prComment({ body, commentId: SENTINEL, cloneUrl, login: "alice" }));
  const parts = json.split(String(SENTINEL));
  if (parts.length !== 2) throw new Error("the comment id appears more than once in the payload");
  return { before: parts[0] ?? "", after: parts[1] ?? "" };
}
