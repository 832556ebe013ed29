import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { renderSlackJob } from "../../../src/reporting/render/slack/render-slack-job.ts";
import { createSlackClient } from "../../../src/slack/create-slack-client.ts";
import type { SlackClient } from "../../../src/slack/slack-client.ts";
import { buttonsOf, FakeSlack, messageText } from "../../support/fake-slack.ts";
import { jobView } from "../../support/job-view-fixture.ts";

// The fake is what integration tests trust to behave like Slack: these pin the parts they rely on.
const fake = new FakeSlack();
let slack: SlackClient;

beforeAll(async () => {
  slack = createSlackClient({ token: "xoxb-test", apiUrl: await fake.start() });
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.reset();
  fake.knownChannels = undefined;
});

describe("FakeSlack", () => {
  test("finds a job's live message by its block id, follows its edits and its thread", async () => {
    const queued = renderSlackJob(jobView({ id: "task-9-1", state: "queued", startedAt: undefined }), 5_000);
    const { channel, ts } = await slack.postMessage({ channel: "#deploys", ...queued });
    await slack.postMessage({ channel, threadTs: ts, text: "details" });
    const done = renderSlackJob(jobView({ id: "task-9-1" }), 70_000);
    await slack.updateMessage({ channel, ts, ...done });

    const message = await fake.waitForJobMessage("task-9-1", (m) => messageText(m).includes("Deployed"));
    expect(message).toMatchObject({ channel: "CDEPLOYS", ts, edits: 1, threadTs: undefined });
    expect(message.history.map((version) => messageText(version).split("\n")[0])).toEqual([
      expect.stringContaining("Queued"),
      expect.stringContaining("Deployed"),
    ]);
    expect(buttonsOf(message.history[0] ?? message).map((b) => [b.actionId, b.value])).toEqual([
      ["shipmate_cancel", "task-9-1"],
    ]);
    expect(buttonsOf(message)).toEqual([]);
    expect(fake.threadReplies(channel, ts).map((reply) => reply.text)).toEqual(["details"]);
    expect(fake.jobMessage("task-other")).toBeUndefined();
  });

  test("chat.update wants the channel id, as Slack does", async () => {
    const { ts } = await slack.postMessage({ channel: "#deploys", text: "x" });
    await expect(slack.updateMessage({ channel: "#deploys", ts, text: "y" })).rejects.toMatchObject({
      code: "channel_not_found",
    });
    await expect(slack.updateMessage({ channel: "CDEPLOYS", ts: "1.2", text: "y" })).rejects.toMatchObject({
      code: "message_not_found",
    });
  });

  test("faults answer the next calls of a method, then it works again", async () => {
    fake.fail("chat.postMessage", { status: 429, retryAfter: 1 }, 2);
    await expect(slack.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({ status: 429 });
    await expect(slack.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({ status: 429 });
    await expect(slack.postMessage({ channel: "C1", text: "x" })).resolves.toMatchObject({ channel: "C1" });
    expect(fake.callsTo("chat.postMessage")).toHaveLength(3);
  });

  test("unknown channels, when the fake is told which exist", async () => {
    fake.knownChannels = new Set(["C1"]);
    await expect(slack.postMessage({ channel: "C2", text: "x" })).rejects.toMatchObject({
      code: "channel_not_found",
    });
  });

  test("blocks Slack would refuse are refused", async () => {
    const long = { type: "section", text: { type: "mrkdwn", text: "x".repeat(3_001) } };
    await expect(slack.postMessage({ channel: "C1", text: "x", blocks: [long] })).rejects.toMatchObject({
      code: "invalid_blocks",
    });
    const twice = {
      type: "actions",
      elements: [
        { type: "button", action_id: "a", text: { type: "plain_text", text: "A" } },
        { type: "button", action_id: "a", text: { type: "plain_text", text: "B" } },
      ],
    };
    await expect(slack.postMessage({ channel: "C1", text: "x", blocks: [twice] })).rejects.toMatchObject({
      code: "invalid_blocks",
    });
    await expect(slack.postMessage({ channel: "C1", text: "x".repeat(40_001) })).rejects.toMatchObject({
      code: "msg_too_long",
    });
  });

  test("form-encoded calls (Bolt's WebClient) and auth.test", async () => {
    const body = new URLSearchParams({ token: "xoxb-form", channel: "C7", text: "from bolt", blocks: "[]" });
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, { method: "POST", body });
    expect(await response.json()).toMatchObject({ ok: true, channel: "C7" });
    expect(fake.callsTo("chat.postMessage")[0]?.token).toBe("xoxb-form");
    const auth = await fetch(`${fake.apiUrl}auth.test`, { method: "POST" });
    expect(await auth.json()).toMatchObject({ ok: true, user_id: "U0SHIPMATE" });
  });

  test("waitFor explains what it saw when nothing came", async () => {
    await slack.postEphemeral({ channel: "C1", user: "U1", text: "hi" });
    await expect(fake.waitFor("chat.update", 1, 50)).rejects.toThrow(/chat\.postEphemeral/);
  });
});
