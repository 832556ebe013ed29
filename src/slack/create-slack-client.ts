import type { MetricsRecorder, SlackCallOutcome } from "../metrics/recorder.ts";
import { SlackApiError } from "./slack-api-error.ts";
import type { SlackClient } from "./slack-client.ts";
import { postJson, type SlackRequest } from "./slack-request.ts";

export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";
const DEFAULT_TIMEOUT_MS = 10_000;

export interface SlackClientOptions {
  /** The bot token (`xoxb-…`): sent only as a header to `apiUrl`, never to a response_url. */
  token: string;
  /** The Web API base, `https://slack.com/api/` unless a test or proxy says otherwise. */
  apiUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  metrics?: Pick<MetricsRecorder, "slackCall"> | undefined;
}

/** A SlackClient over plain `fetch`: JSON POSTs to the Web API, errors as SlackApiError. */
export function createSlackClient(options: SlackClientOptions): SlackClient {
  const base = (options.apiUrl ?? DEFAULT_SLACK_API_URL).replace(/\/*$/, "/");
  const request: SlackRequest = {
    // Called as a plain function: some fetch implementations refuse another `this`.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const auth = { authorization: `Bearer ${options.token}` };
  const counted = <T>(method: string, work: Promise<T>): Promise<T> =>
    work.then(
      (answer) => {
        options.metrics?.slackCall(method, "ok");
        return answer;
      },
      (error: unknown) => {
        options.metrics?.slackCall(method, outcomeOf(error));
        throw error;
      },
    );
  const call = (method: string, body: Record<string, unknown>) =>
    counted(method, postJson(request, method, `${base}${method}`, withoutUndefined(body), auth));

  return {
    async postMessage(input) {
      const answer = await call("chat.postMessage", {
        channel: input.channel,
        text: input.text,
        blocks: input.blocks,
        thread_ts: input.threadTs,
        // Links to the PR and the Deployment would each unfurl into a card: the message is enough.
        unfurl_links: false,
        unfurl_media: false,
      });
      if (typeof answer.channel !== "string" || typeof answer.ts !== "string") {
        throw new SlackApiError({ method: "chat.postMessage", code: "invalid_response", status: 502 });
      }
      return { channel: answer.channel, ts: answer.ts };
    },
    async updateMessage(input) {
      await call("chat.update", {
        channel: input.channel,
        ts: input.ts,
        text: input.text,
        blocks: input.blocks,
      });
    },
    async postEphemeral(input) {
      await call("chat.postEphemeral", {
        channel: input.channel,
        user: input.user,
        text: input.text,
        thread_ts: input.threadTs,
      });
    },
    async respond(responseUrl, input) {
      if (!/^https?:\/\//i.test(responseUrl)) {
        throw new SlackApiError({ method: "response_url", code: "invalid_response_url", status: 400 });
      }
      const body = withoutUndefined({
        text: input.text,
        response_type: input.responseType,
        replace_original: input.replaceOriginal,
      });
      // A response_url is its own credential: the bot token stays home.
      await counted("response_url", postJson(request, "response_url", responseUrl, body, {}));
    },
  };
}

function withoutUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** A failed call as the metrics count it: postJson throws a SlackApiError for every answer it got. */
function outcomeOf(error: unknown): SlackCallOutcome {
  if (!(error instanceof SlackApiError)) return "network";
  return error.status === 429 ? "rate_limited" : "error";
}
