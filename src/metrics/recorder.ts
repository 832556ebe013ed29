/** How Shipmate answered one inbound GitHub delivery or Slack request. */
export type RequestOutcome = "accepted" | "ignored" | "refused" | "invalid_signature" | "unavailable";

/** What a Slack request asked for: a slash command, an Events API event, a button, or something else. */
export type SlackRequestKind = "command" | "event" | "action" | "other";

/** How one Slack Web API call ended. */
export type SlackCallOutcome = "ok" | "error" | "rate_limited" | "network";

/**
 * What the edges tell the metrics: each takes the slice it needs (`Pick<MetricsRecorder, "webhook">`).
 * Values are raw (an event name, a path); the recorder bounds them before they become labels.
 */
export interface MetricsRecorder {
  webhook(event: string, outcome: RequestOutcome): void;
  slackRequest(kind: SlackRequestKind, outcome: RequestOutcome): void;
  httpRequest(request: { path: string; method: string; status: number; seconds: number }): void;
  slackCall(method: string, outcome: SlackCallOutcome): void;
}
