import { attempt, messageOf, pause } from "../remote/remote-run.ts";
import { shownUrl } from "./webhook-request.ts";

/** The most of an answer's body Shipmate reads. */
export const MAX_ANSWER_BYTES = 256 * 1024;
/** How long one request may take before it counts as a network error (and is tried again). */
export const REQUEST_LIMIT_MS = 30_000;
/** The longest pause between two tries, whatever a `Retry-After` asks for. */
export const MAX_RETRY_DELAY_MS = 30_000;

/** One HTTP request to send, maybe several times; `headers` is called for each try, so a signature is fresh. */
export interface WebhookRequest {
  method: "GET" | "POST";
  url: string;
  headers: () => Readonly<Record<string, string>>;
  body?: string;
}

/** How a request is sent: how often it is tried again, from what first pause, until what stops it. */
export interface SendOptions {
  retries: number;
  retryDelayMs: number;
  signal: AbortSignal;
  /** Where a line about a failed try goes. */
  write(text: string): void;
}

/** An answer (any status), or why there was none. */
export type Sent =
  | { kind: "answered"; status: number; text: string }
  | { kind: "unreachable"; reason: string; attempts: number }
  | { kind: "stopped" };

/**
 * Sends the request, trying again after a network error, a 5xx, 408 or 429 answer, up to `retries`
 * more times with a doubling pause (or the answer's `Retry-After`, up to 30s); redirects are not
 * followed, so a signed request goes only where configured.
 */
export async function sendRequest(request: WebhookRequest, options: SendOptions): Promise<Sent> {
  const { signal } = options;
  for (let tries = 1; ; tries += 1) {
    const sent = await attempt(sendOnce(request, signal), signal);
    if (sent.kind === "stopped") return sent;
    const last = tries > options.retries;
    if (sent.kind === "ok" && (!isRetryable(sent.value.status) || last)) {
      return { kind: "answered", status: sent.value.status, text: sent.value.text };
    }
    const why = sent.kind === "ok" ? `HTTP ${sent.value.status}` : messageOf(causeOf(sent.error));
    if (last) return { kind: "unreachable", reason: why, attempts: tries };
    const backoff = options.retryDelayMs * 2 ** (tries - 1);
    const asked = sent.kind === "ok" ? sent.value.retryAfterMs : undefined;
    const delay = Math.min(Math.max(backoff, asked ?? 0), MAX_RETRY_DELAY_MS);
    options.write(
      `${request.method} ${shownUrl(request.url)}: ${why}; trying again in ${Math.round(delay / 100) / 10}s.`,
    );
    if (!(await pause(delay, signal))) return { kind: "stopped" };
  }
}

async function sendOnce(
  request: WebhookRequest,
  stop: AbortSignal,
): Promise<{ status: number; text: string; retryAfterMs: number | undefined }> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers(),
    ...(request.body !== undefined && { body: request.body }),
    redirect: "manual",
    signal: AbortSignal.any([stop, AbortSignal.timeout(REQUEST_LIMIT_MS)]),
  });
  const retryAfterMs = retryAfter(response.headers.get("retry-after"));
  return { status: response.status, text: await readCapped(response), retryAfterMs };
}

/** `Retry-After` in seconds (the form deployers and proxies send); a date or anything else is ignored. */
function retryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

async function readCapped(response: Response): Promise<string> {
  if (response.body === null) return "";
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for await (const chunk of response.body) {
    const room = MAX_ANSWER_BYTES - bytes;
    text += decoder.decode(chunk.subarray(0, room), { stream: true });
    bytes += chunk.length;
    if (bytes >= MAX_ANSWER_BYTES) break;
  }
  return text + decoder.decode();
}

function isRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

// fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, a DNS failure) in `cause`.
function causeOf(error: unknown): unknown {
  return error instanceof Error && error.cause instanceof Error ? error.cause : error;
}
