/** Slack Block Kit blocks, as JSON: built by the renderers, sent as they are. */
export type SlackBlock = Record<string, unknown>;

/** Every Slack Web API call Shipmate makes. Errors carry `status` (and 429's `retry-after`) for the queue's backoff. */
export interface SlackClient {
  /** Posts to a channel (or a thread); returns the channel id and the message's `ts`. */
  postMessage(input: {
    channel: string;
    text: string;
    blocks?: readonly SlackBlock[] | undefined;
    threadTs?: string | undefined;
  }): Promise<{ channel: string; ts: string }>;
  updateMessage(input: {
    channel: string;
    ts: string;
    text: string;
    blocks?: readonly SlackBlock[] | undefined;
  }): Promise<void>;
  postEphemeral(input: {
    channel: string;
    user: string;
    text: string;
    threadTs?: string | undefined;
  }): Promise<void>;
  /** Answers through a `response_url` (slash commands and button presses). */
  respond(
    responseUrl: string,
    input: { text: string; responseType: "ephemeral" | "in_channel"; replaceOriginal?: boolean },
  ): Promise<void>;
}
