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

/** A status log's text as shown so far: `written` is what went out; `show` is what goes out now. */
export interface LogProgress {
  written: string;
  show: string;
}

// A log that never ends a line is still shown once this much of it waits.
const MAX_HELD_CHARS = 64 * 1024;

/**
 * What of `log` to show after `written` was: only complete lines while the deployer works (so a line is
 * masked whole and never split in the output), the rest once it is `final`; all of it again when rewritten.
 */
export function nextLogText(written: string, log: string, final: boolean): LogProgress {
  const base = log.startsWith(written) ? written : "";
  const fresh = log.slice(base.length);
  const cut = final || fresh.length > MAX_HELD_CHARS ? fresh.length : fresh.lastIndexOf("\n") + 1;
  return { written: base + fresh.slice(0, cut), show: fresh.slice(0, cut) };
}
