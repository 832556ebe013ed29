import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { SlackIntakeJob } from "../../../src/jobs/slack-intake-job.schema.ts";
import {
  blockActionRequest,
  mentionEventRequest,
  type SlackTestRequest,
  slashCommandRequest,
  TEST_BOT_USER_ID,
} from "../../support/slack-request.ts";
import { type FakeSocketMode, startFakeSocketMode } from "./fake-socket-mode.ts";
import { type IngressUnderTest, startIngress } from "./ingress-under-test.ts";

const APP_TOKEN = "xapp-1-A0SHIPMATE-1234-0123456789abcdef";

let slack: FakeSocketMode;
let app: IngressUnderTest;
let failing = false;
beforeAll(async () => {
  slack = await startFakeSocketMode();
  app = await startIngress({
    appToken: APP_TOKEN,
    apiUrl: slack.apiUrl,
    wrap: (real) => async (job: SlackIntakeJob) => {
      if (failing) throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
      return real(job);
    },
  });
  await app.ingress.start();
  await slack.connected;
});
afterAll(async () => {
  await app.close();
  await slack.close();
});

/** The object Socket Mode carries in `payload`: the same fields the HTTP request had. */
function payloadOf(request: SlackTestRequest): unknown {
  if (request.headers["content-type"] === "application/json") return JSON.parse(request.body);
  const form = new URLSearchParams(request.body);
  const payload = form.get("payload");
  return payload ? JSON.parse(payload) : Object.fromEntries(form);
}

describe("Socket Mode (SLACK_APP_TOKEN): the same handler as POST /slack/events", () => {
  test("start() opens the connection with the app token at SLACK_API_URL", () => {
    expect(slack.openCalls).toEqual([`Bearer ${APP_TOKEN}`]);
  });

  test("a slash command is acked with the ephemeral note once its job is recorded", async () => {
    const request = slashCommandRequest({ text: "lock acme/shop#42 production" });
    const ack = await slack.deliver("slash_commands", payloadOf(request));
    expect(ack?.payload).toEqual({ response_type: "ephemeral", text: "Working on it…" });
    const job = await app.recorded(`cmd-${request.fields.triggerId.replaceAll(".", "_")}`);
    expect(job).toMatchObject({
      kind: "slack-command",
      text: "lock acme/shop#42 production",
      channelId: "C0DEPLOYS",
    });
  });

  test("a mention is acked empty and recorded with its thread", async () => {
    const request = mentionEventRequest({ text: `<@${TEST_BOT_USER_ID}> help` });
    const ack = await slack.deliver("events_api", payloadOf(request));
    expect(ack?.payload).toEqual({});
    expect(await app.recorded(`evt-${request.fields.eventId}`)).toMatchObject({
      text: "help",
      threadTs: request.fields.ts,
    });
  });

  test("a button press is recorded as an action", async () => {
    const request = blockActionRequest({ actionId: "shipmate_reject", value: "task-9-2" });
    const ack = await slack.deliver("interactive", payloadOf(request));
    expect(ack).toBeDefined();
    const jobs = await app.queue.getJobs(["waiting"]);
    expect(jobs.map((job) => job.data)).toContainEqual(
      expect.objectContaining({ kind: "slack-action", action: "reject", jobId: "task-9-2" }),
    );
  });

  test("an envelope that cannot be recorded is not acked; Slack's redelivery records it once", async () => {
    const request = mentionEventRequest({ eventId: "Ev0SOCKET01" });
    failing = true;
    const before = await app.jobCount();
    expect(await slack.deliver("events_api", payloadOf(request), { waitMs: 500 })).toBeUndefined();
    expect(await app.jobCount()).toBe(before);
    failing = false;
    expect(await slack.deliver("events_api", payloadOf(request), { retryAttempt: 1 })).toBeDefined();
    expect(await slack.deliver("events_api", payloadOf(request), { retryAttempt: 2 })).toBeDefined();
    expect(await app.jobCount()).toBe(before + 1);
    expect(await app.recorded("evt-Ev0SOCKET01")).toMatchObject({ kind: "slack-command" });
  });

  test("no log line holds the app token", () => {
    expect(app.logs.join("")).not.toContain(APP_TOKEN);
  });
});
