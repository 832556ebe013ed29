import { SlackApiError } from "./slack-api-error.ts";
import type { SlackClient } from "./slack-client.ts";
import type { SlackRateGate } from "./slack-rate-gate.ts";

// Slack's `ok: false` rate limits come without Retry-After: long enough not to spin, short enough to catch up.
const DEFAULT_WAIT_MS = 1_000;

/**
 * Wraps a SlackClient so that its Web API calls honour every worker's rate limits: a 429 holds the
 * method for as long as Slack asked, and while it is held a call is not made but fails as a 429 whose
 * Retry-After is the time left, for the caller to come back then.
 */
export function rateGatedSlackClient(client: SlackClient, gate: SlackRateGate): SlackClient {
  const gated = async <T>(method: string, call: () => Promise<T>): Promise<T> => {
    const left = await gate.waitMs(method);
    if (left > 0) {
      throw new SlackApiError({ method, code: "ratelimited", status: 429, retryAfter: String(left / 1000) });
    }
    try {
      return await call();
    } catch (error) {
      const wait = slackRetryAfterMs(error);
      if (wait !== undefined) await gate.hold(method, wait);
      throw error;
    }
  };
  return {
    postMessage: (input) => gated("chat.postMessage", () => client.postMessage(input)),
    updateMessage: (input) => gated("chat.update", () => client.updateMessage(input)),
    postEphemeral: (input) => gated("chat.postEphemeral", () => client.postEphemeral(input)),
    // A response_url is no Web API method: its limits are its own (a few answers within 30 minutes).
    respond: (responseUrl, input) => client.respond(responseUrl, input),
  };
}

/** How long a failed Slack call asks to be left alone (ms): set for a rate limit, undefined for anything else. */
export function slackRetryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof SlackApiError) || error.status !== 429) return undefined;
  const seconds = Number(error.response.headers["retry-after"]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_WAIT_MS;
}
