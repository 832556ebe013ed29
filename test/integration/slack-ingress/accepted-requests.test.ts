import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  blockActionRequest,
  mentionEventRequest,
  sendSlackRequest,
  slackTs,
  slashCommandRequest,
  TEST_BOT_USER_ID,
  TEST_SIGNING_SECRET,
  urlVerificationRequest,
} from "../../support/slack-request.ts";
import { type IngressUnderTest, startIngress } from "./ingress-under-test.ts";

let app: IngressUnderTest;
beforeAll(async () => {
  app = await startIngress();
});
afterAll(() => app.close());

describe("POST /slack/events: requests Shipmate records", () => {
  test("a slash command is acked with an ephemeral note once its job is in Redis", async () => {
    const request = slashCommandRequest({ text: "deploy acme/shop#42 to staging" });
    const answer = await sendSlackRequest(app.url, request);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ response_type: "ephemeral", text: "Working on it…" });
    expect(answer.ms).toBeLessThan(3_000);
    const requestId = `cmd-${request.fields.triggerId.replaceAll(".", "_")}`;
    expect(await app.recorded(requestId)).toEqual({
      v: 1,
      kind: "slack-command",
      requestId,
      teamId: "T0TEAM001",
      channelId: "C0DEPLOYS",
      channelName: "deploys",
      userId: "U0ALICE01",
      responseUrl: request.fields.responseUrl,
      receivedAt: expect.any(Number),
      text: "deploy acme/shop#42 to staging",
    });
  });

  test("Slack's markup in a command comes out as what was typed", async () => {
    const request = slashCommandRequest({
      text: "deploy <mailto:acme/shop@v1.2|acme/shop@v1.2> to prod &amp; more",
    });
    expect((await sendSlackRequest(app.url, request)).status).toBe(200);
    const job = await app.recorded(`cmd-${request.fields.triggerId.replaceAll(".", "_")}`);
    expect(job?.kind === "slack-command" && job.text).toBe("deploy acme/shop@v1.2 to prod & more");
  });

  test("a mention becomes a command without the mention, answered in a thread on the message", async () => {
    const request = mentionEventRequest({ text: `<@${TEST_BOT_USER_ID}> status acme/shop` });
    const answer = await sendSlackRequest(app.url, request);
    expect(answer).toMatchObject({ status: 200, text: "" });
    expect(await app.recorded(`evt-${request.fields.eventId}`)).toEqual({
      v: 1,
      kind: "slack-command",
      requestId: `evt-${request.fields.eventId}`,
      teamId: "T0TEAM001",
      channelId: "C0DEPLOYS",
      userId: "U0ALICE01",
      receivedAt: expect.any(Number),
      text: "status acme/shop",
      threadTs: request.fields.ts,
    });
  });

  test("a mention inside a thread is answered in that thread", async () => {
    const parent = slackTs();
    const request = mentionEventRequest({ threadTs: parent });
    expect((await sendSlackRequest(app.url, request)).status).toBe(200);
    const job = await app.recorded(`evt-${request.fields.eventId}`);
    expect(job?.kind === "slack-command" && job.threadTs).toBe(parent);
  });

  test("a button press becomes an action job for the job id on the button", async () => {
    const request = blockActionRequest({ actionId: "shipmate_cancel", value: "task-77-1" });
    const answer = await sendSlackRequest(app.url, request);
    expect(answer).toMatchObject({ status: 200, text: "" });
    const { messageTs, actionTs, userId } = request.fields;
    const requestId = `act-${messageTs.replace(".", "_")}-${actionTs.replace(".", "_")}-${userId}`;
    expect(await app.recorded(requestId)).toEqual({
      v: 1,
      kind: "slack-action",
      requestId,
      teamId: "T0TEAM001",
      channelId: "C0DEPLOYS",
      channelName: "deploys",
      userId: "U0BOB0001",
      responseUrl: request.fields.responseUrl,
      receivedAt: expect.any(Number),
      action: "cancel",
      jobId: "task-77-1",
      messageTs,
    });
  });

  test("url_verification is answered with its challenge", async () => {
    const answer = await sendSlackRequest(
      app.url,
      urlVerificationRequest("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });
});

describe("POST /slack/events: requests acked without a job", () => {
  test.each([
    ["a bot's mention", { extra: { bot_id: "B0OTHER" } }],
    ["an edited mention", { extra: { edited: { user: "U0ALICE01", ts: "1700000000.000100" } } }],
    ["a mention with a subtype", { extra: { subtype: "bot_message" } }],
  ])("%s", async (_name, fields) => {
    const before = await app.jobCount();
    const request = mentionEventRequest(fields);
    expect(await sendSlackRequest(app.url, request)).toMatchObject({ status: 200, text: "" });
    expect(await app.jobCount()).toBe(before);
  });

  test("a press of some other app's button", async () => {
    const before = await app.jobCount();
    expect(await sendSlackRequest(app.url, blockActionRequest({ actionId: "other_approve" }))).toMatchObject({
      status: 200,
      text: "",
    });
    expect(await app.jobCount()).toBe(before);
  });

  test("a slash command over 2,000 characters is answered ephemerally and not recorded", async () => {
    const before = await app.jobCount();
    const request = slashCommandRequest({ text: `deploy acme/shop#1 ${"x".repeat(2_100)}` });
    const answer = await sendSlackRequest(app.url, request);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      response_type: "ephemeral",
      text: expect.stringContaining("up to 2,000 characters"),
    });
    expect(await app.jobCount()).toBe(before);
  });

  test("a mention over 2,000 characters gets an ephemeral note in its thread and no job", async () => {
    const before = await app.jobCount();
    const request = mentionEventRequest({ text: `<@${TEST_BOT_USER_ID}> deploy ${"y".repeat(2_100)}` });
    expect(await sendSlackRequest(app.url, request)).toMatchObject({ status: 200, text: "" });
    expect(await app.jobCount()).toBe(before);
    expect(app.notes).toContainEqual({
      channel: "C0DEPLOYS",
      user: "U0ALICE01",
      text: expect.stringContaining("2,000"),
      threadTs: request.fields.ts,
    });
  });

  test("a body over the limit is refused with 413 before anything is read from it", async () => {
    const request = slashCommandRequest({ text: "z".repeat(1_100_000) });
    expect((await sendSlackRequest(app.url, request)).status).toBe(413);
  });

  test("no log line holds the signing secret or Slack's verification token", () => {
    const all = app.logs.join("");
    expect(all).toContain("slack request recorded");
    expect(all).not.toContain(TEST_SIGNING_SECRET);
    expect(all).not.toContain("legacy-verification-token");
  });
});
