/** The states a status URL may report. */
export const WEBHOOK_STATES = ["success", "failure", "pending"] as const;
export type WebhookState = (typeof WEBHOOK_STATES)[number];

/** A status URL's answer, read. */
export type StatusAnswer =
  | { kind: "status"; state: WebhookState; log: string | undefined }
  | { kind: "invalid"; reason: string };

/** Reads `{ "state": "success" | "failure" | "pending", "log"?: string }`. */
export function readStatusAnswer(text: string): StatusAnswer {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: "invalid", reason: "it is not JSON" };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { kind: "invalid", reason: "it is not a JSON object" };
  }
  const { state, log } = data as { state?: unknown; log?: unknown };
  if (!(WEBHOOK_STATES as readonly unknown[]).includes(state)) {
    return {
      kind: "invalid",
      reason: `its \`state\` is ${JSON.stringify(state) ?? "missing"}, not one of ${WEBHOOK_STATES.join(", ")}`,
    };
  }
  if (log !== undefined && typeof log !== "string")
    return { kind: "invalid", reason: "its `log` is not a string" };
  return { kind: "status", state: state as WebhookState, log };
}

/** What of `log` is new since `previous`: the rest when it grew, all of it when it was rewritten. */
export function newLogText(previous: string, log: string): string {
  if (log === previous) return "";
  return log.startsWith(previous) ? log.slice(previous.length) : log;
}
