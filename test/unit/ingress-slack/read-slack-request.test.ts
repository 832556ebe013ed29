import { describe, expect, test } from "vitest";
import { readSlackRequest } from "../../../src/ingress/slack/read-slack-request.ts";

const AT = 1_700_000_000_000;

const command = (extra: Record<string, unknown> = {}) => ({
  token: "legacy",
  team_id: "T1",
  channel_id: "C1",
  channel_name: "deploys",
  user_id: "U1",
  command: "/shipmate",
  text: "deploy acme/shop#42 to staging",
  response_url: "https://hooks.slack.com/commands/T1/1/x",
  trigger_id: "123.456.abc",
  ...extra,
});

const mention = (event: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: "event_callback",
  event_id: "Ev1",
  team_id: "T1",
  authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
  event: {
    type: "app_mention",
    user: "U1",
    text: "<@UBOT> status acme/shop",
    ts: "100.1",
    channel: "C1",
    ...event,
  },
  ...extra,
});

const press = (action: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: "block_actions",
  user: { id: "U2", team_id: "T1" },
  team: { id: "T1" },
  channel: { id: "C1", name: "deploys" },
  container: { type: "message", message_ts: "200.2", channel_id: "C1" },
  message: { ts: "200.2" },
  response_url: "https://hooks.slack.com/actions/T1/1/y",
  actions: [{ action_id: "shipmate_approve", value: "task-1-1", action_ts: "300.3", ...action }],
  ...extra,
});

describe("readSlackRequest: jobs", () => {
  test("a slash command", () => {
    expect(readSlackRequest(command(), AT)).toEqual({
      kind: "job",
      ack: { response_type: "ephemeral", text: "Working on it…" },
      job: {
        v: 1,
        kind: "slack-command",
        requestId: "cmd-123_456_abc",
        teamId: "T1",
        channelId: "C1",
        channelName: "deploys",
        userId: "U1",
        responseUrl: "https://hooks.slack.com/commands/T1/1/x",
        receivedAt: AT,
        text: "deploy acme/shop#42 to staging",
      },
    });
  });

  test("a mention", () => {
    expect(readSlackRequest(mention(), AT)).toEqual({
      kind: "job",
      ack: undefined,
      job: {
        v: 1,
        kind: "slack-command",
        requestId: "evt-Ev1",
        teamId: "T1",
        channelId: "C1",
        userId: "U1",
        receivedAt: AT,
        text: "status acme/shop",
        threadTs: "100.1",
      },
    });
  });

  test("a button press", () => {
    expect(readSlackRequest(press(), AT)).toEqual({
      kind: "job",
      ack: undefined,
      job: {
        v: 1,
        kind: "slack-action",
        requestId: "act-200_2-300_3-U2",
        teamId: "T1",
        channelId: "C1",
        channelName: "deploys",
        userId: "U2",
        responseUrl: "https://hooks.slack.com/actions/T1/1/y",
        receivedAt: AT,
        action: "approve",
        jobId: "task-1-1",
        messageTs: "200.2",
      },
    });
  });

  test.each([
    ["a command without text (help)", command({ text: undefined }), { text: "" }],
    ["a command with no response_url", command({ response_url: undefined }), { responseUrl: undefined }],
    ["a mention in a thread", mention({ thread_ts: "90.9" }), { threadTs: "90.9" }],
    [
      "a mention without authorizations",
      mention({}, { authorizations: undefined }),
      { text: "status acme/shop" },
    ],
    ["Reject", press({ action_id: "shipmate_reject" }), { action: "reject" }],
    ["Cancel", press({ action_id: "shipmate_cancel" }), { action: "cancel" }],
    ["a press without container", press({}, { container: undefined }), { messageTs: "200.2" }],
    ["a press on an org-wide install (no team)", press({}, { team: null }), { teamId: "T1" }],
  ])("%s", (_name, body, fields) => {
    const reading = readSlackRequest(body, AT);
    expect(reading.kind).toBe("job");
    if (reading.kind !== "job") return;
    for (const [key, value] of Object.entries(fields)) {
      expect((reading.job as Record<string, unknown>)[key]).toEqual(value);
    }
  });
});

describe("readSlackRequest: answered without a job", () => {
  test("a command over 2,000 characters is answered to its sender only", () => {
    const reading = readSlackRequest(command({ text: `deploy ${"x".repeat(1_994)}` }), AT);
    expect(reading).toEqual({
      kind: "reply",
      reason: "command too long",
      ack: { response_type: "ephemeral", text: expect.stringContaining("2,001 characters") },
      note: undefined,
    });
  });

  test("exactly 2,000 characters is still a command", () => {
    expect(readSlackRequest(command({ text: "x".repeat(2_000) }), AT).kind).toBe("job");
  });

  test("a mention over 2,000 characters gets a note in its thread", () => {
    const reading = readSlackRequest(
      mention({ text: `<@UBOT> ${"y".repeat(2_001)}`, thread_ts: "90.9" }),
      AT,
    );
    expect(reading).toEqual({
      kind: "reply",
      reason: "command too long",
      ack: undefined,
      note: { channel: "C1", user: "U1", text: expect.stringContaining("2,001"), threadTs: "90.9" },
    });
  });
});

describe("readSlackRequest: ignored", () => {
  test.each([
    ["null", null],
    ["an array", [command()]],
    ["a command without trigger_id", command({ trigger_id: undefined })],
    ["a command with a non-http response_url", command({ response_url: "javascript:alert(1)" })],
    ["a bot's mention", mention({ bot_id: "B1" })],
    ["a mention with a subtype", mention({ subtype: "bot_message" })],
    ["an edited mention", mention({ edited: { user: "U1", ts: "101.1" } })],
    ["a mention without a user", mention({ user: undefined })],
    ["a message event", mention({ type: "message" })],
    ["an event without an event", { type: "event_callback", event_id: "Ev2" }],
    ["another app's button", press({ action_id: "approve" })],
    ["a button without a value", press({ value: undefined })],
    ["a button whose value is not a job id", press({ value: "task 1; rm -rf /" })],
    [
      "a button in a modal",
      press({}, { container: { type: "view" }, channel: undefined, message: undefined }),
    ],
    ["a press with no actions", press({}, { actions: [] })],
    ["a view submission", { type: "view_submission", view: {} }],
    ["a shortcut", { type: "shortcut", callback_id: "x" }],
  ])("%s", (_name, body) => {
    expect(readSlackRequest(body, AT).kind).toBe("ignore");
  });
});
