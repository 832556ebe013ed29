import { createHash } from "node:crypto";

const MAX_REQUEST_ID = 120;

/** A slash command's request id: its trigger id, which Slack keeps on every retry of the request. */
export function commandRequestId(triggerId: string): string {
  return requestId("cmd", [triggerId]);
}

/** An Events API delivery's request id: its event id, the same on every retry. */
export function eventRequestId(eventId: string): string {
  return requestId("evt", [eventId]);
}

/**
 * A button press's request id. Slack gives interactivity no event id, but a press is one person, one
 * message and one `action_ts`: a retry repeats all three, a second press has a new `action_ts`.
 */
export function actionRequestId(messageTs: string, actionTs: string, userId: string): string {
  return requestId("act", [messageTs, actionTs, userId]);
}

/**
 * `<kind>-<part>-<part>` in the characters a job id may hold. Slack's ids use only `[A-Za-z0-9.]`, so
 * mapping anything else to `_` keeps distinct requests distinct; an id too long for a job id is hashed.
 */
function requestId(kind: string, parts: readonly string[]): string {
  const id = [kind, ...parts.map((part) => part.replace(/[^A-Za-z0-9]/g, "_"))].join("-");
  if (id.length <= MAX_REQUEST_ID) return id;
  const digest = createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 40);
  return `${kind}-h${digest}`;
}
