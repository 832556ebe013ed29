import { describe, expect, test } from "vitest";
import { slackRetryAfterMs } from "../../../src/slack/rate-gated-slack-client.ts";
import { SlackApiError } from "../../../src/slack/slack-api-error.ts";

const limited = (retryAfter?: string) =>
  new SlackApiError({ method: "chat.update", code: "ratelimited", status: 429, retryAfter });

describe("slackRetryAfterMs", () => {
  test.each([
    ["a 429 with Retry-After: 2", limited("2"), 2_000],
    ["a fractional Retry-After (time left on a held method)", limited("0.25"), 250],
    ["a 429 without Retry-After (Slack's `ok: false` ratelimited)", limited(), 1_000],
    ["a Retry-After of 0, which must not make callers spin", limited("0"), 1_000],
    ["a Retry-After that is no number", limited("soon"), 1_000],
    [
      "a server error",
      new SlackApiError({ method: "chat.update", code: "http_503", status: 503 }),
      undefined,
    ],
    [
      "a channel that is gone",
      new SlackApiError({ method: "chat.update", code: "channel_not_found", status: 400 }),
      undefined,
    ],
    ["a network failure", new Error("Slack chat.update could not be reached: timed out"), undefined],
    ["something that is no error", "ratelimited", undefined],
  ])("%s", (_name, error, expected) => {
    expect(slackRetryAfterMs(error)).toBe(expected);
  });
});
