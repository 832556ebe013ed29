/** Why a Slack call failed, shaped so the queue's retry policy reads it like a GitHub error. */
export class SlackApiError extends Error {
  override readonly name = "SlackApiError";
  /** An HTTP-like status: 429 rate limited, 5xx worth retrying, 4xx never going to work. */
  readonly status: number;
  /** Slack's error code (`channel_not_found`), or `http_<status>` when Slack gave none. */
  readonly code: string;
  readonly method: string;
  /** `retry-after` (seconds) when Slack asked us to wait. */
  readonly response: { headers: Readonly<Record<string, string>> };

  constructor(input: { method: string; code: string; status: number; retryAfter?: string | undefined }) {
    super(`Slack ${input.method} failed: ${input.code}`);
    this.status = input.status;
    this.code = input.code;
    this.method = input.method;
    this.response = { headers: input.retryAfter === undefined ? {} : { "retry-after": input.retryAfter } };
  }
}

// Slack answers HTTP 200 with `ok: false` for its own errors; these few are worth another try.
const RATE_LIMITED = new Set(["ratelimited", "rate_limited", "message_limit_exceeded"]);
const TRANSIENT = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);
const AUTH = new Set(["not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired"]);

/** The status that makes `adviseRetry` do the right thing for a Slack error code. */
export function statusForSlackError(code: string): number {
  if (RATE_LIMITED.has(code)) return 429;
  if (TRANSIENT.has(code)) return 503;
  if (AUTH.has(code)) return 401;
  // channel_not_found, not_in_channel, msg_too_long, invalid_blocks …: the same call fails the same way.
  return 400;
}

/** Slack's error code as data: a short identifier, never whatever else the body held. */
export function cleanErrorCode(value: unknown, fallback: string): string {
  if (typeof value !== "string") return fallback;
  const code = value.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 80);
  return code === "" ? fallback : code;
}
