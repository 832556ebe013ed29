import { cleanErrorCode, SlackApiError, statusForSlackError } from "./slack-api-error.ts";

export interface SlackRequest {
  fetch: typeof fetch;
  timeoutMs: number;
}

type Answer = Record<string, unknown>;

/**
 * POSTs a JSON body and reads Slack's answer: `{ ok: true, … }` is returned; rate limits, server
 * errors and `ok: false` become a SlackApiError. `method` names the call in errors; headers carry
 * the token, so no error or message ever holds them.
 */
export async function postJson(
  request: SlackRequest,
  method: string,
  url: string,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): Promise<Answer> {
  let response: Response;
  try {
    response = await request.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    // No status: the retry policy treats it as a network failure and tries again.
    throw new Error(`Slack ${method} could not be reached: ${reasonOf(error)}`);
  }
  const text = await response.text().catch(() => "");
  if (response.status === 429) {
    const retryAfter = response.headers.get("retry-after") ?? undefined;
    throw new SlackApiError({ method, code: "ratelimited", status: 429, retryAfter });
  }
  const answer = parseAnswer(text);
  if (!response.ok) {
    // A response_url answers errors as a bare word (`expired_url`); anything longer is a proxy's page.
    const word = /^[a-z_]{1,60}$/.test(text.trim()) ? text.trim() : undefined;
    const code = cleanErrorCode(answer?.error ?? word, `http_${response.status}`);
    throw new SlackApiError({ method, code, status: response.status });
  }
  // A response_url answers a plain `ok`; the Web API always answers JSON.
  if (answer === undefined) {
    if (text.trim() === "ok") return { ok: true };
    throw new SlackApiError({ method, code: "invalid_response", status: 502 });
  }
  if (answer.ok !== true) {
    const code = cleanErrorCode(answer.error, "unknown_error");
    throw new SlackApiError({ method, code, status: statusForSlackError(code) });
  }
  return answer;
}

function parseAnswer(text: string): Answer | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Answer)
      : undefined;
  } catch {
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  if (error.name === "TimeoutError" || error.name === "AbortError") return "timed out";
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
