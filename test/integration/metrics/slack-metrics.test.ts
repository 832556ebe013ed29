import { afterAll, beforeAll, expect, test } from "vitest";
import { slackIdBase } from "../../../src/dispatch/locate-slack-request.ts";
import { commandRequestId } from "../../../src/ingress/slack/request-id.ts";
import { FakeSlack, messageText } from "../../support/fake-slack.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import {
  blockActionRequest,
  mentionEventRequest,
  sendSlackRequest,
  slashCommandRequest,
  TEST_BOT_USER_ID,
  TEST_SIGNING_SECRET,
} from "../../support/slack-request.ts";
import { sampleValue, scrape, scrapeUntil } from "./scrape.ts";

const CONFIG = `environments:
  staging:
    deploy: echo deployed
slack:
  users: { U0ALICE01: alice }
`;

let app: Running;
let slack: FakeSlack;
let repo: LocalRepo;

beforeAll(async () => {
  repo = createLocalRepo();
  const sha = repo.commit({ VERSION: "1\n" }, "first");
  slack = new FakeSlack();
  app = await startShipmate({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: await slack.start(),
  });
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 42, headSha: sha, headRef: "feature/x" }],
    cloneUrl: repo.cloneUrl,
  });
});

afterAll(async () => {
  await app?.stop();
  await slack?.stop();
  repo?.remove();
});

const requests = (kind: string, outcome: string) => ({ kind, outcome });
const send = async (request: Parameters<typeof sendSlackRequest>[1]) =>
  (await sendSlackRequest(`${app.url}/slack/events`, request)).status;

test("a /shipmate deploy counts as an accepted command, and its messages as Slack API calls", async () => {
  // Slack asks for a pause once: the report waits, then posts.
  slack.fail("chat.postMessage", { status: 429, retryAfter: 1 }, 1);
  const request = slashCommandRequest({
    text: "deploy acme/shop#42 to staging",
    responseUrl: slack.responseUrl("c1"),
  });
  expect(await send(request)).toBe(200);
  const jobId = `task-${slackIdBase(commandRequestId(request.fields.triggerId))}-1`;
  await slack.waitForJobMessage(jobId, (m) => /Deployed/.test(messageText(m)), 30_000);
  const samples = await scrapeUntil(
    app.url,
    (s) =>
      sampleValue(s, "shipmate_slack_api_requests_total", { method: "chat.postMessage", outcome: "ok" }) ===
      1,
    "the live message's post",
  );
  expect(sampleValue(samples, "shipmate_slack_requests_total", requests("command", "accepted"))).toBe(1);
  const posts = (outcome: string) =>
    sampleValue(samples, "shipmate_slack_api_requests_total", { method: "chat.postMessage", outcome });
  expect(posts("rate_limited")).toBe(1);
  expect(posts("ok")).toBe(1);
  const routeSamples = { route: "slack_events", method: "POST", status: "2xx" };
  expect(sampleValue(samples, "shipmate_http_request_duration_seconds_count", routeSamples)).toBe(1);
}, 60_000);

test("requests turned away or with nothing to do count by what they are, and what became of them", async () => {
  expect(await send(slashCommandRequest({}, { secret: "not-the-signing-secret" }))).toBe(401);
  expect(await send(slashCommandRequest({}, { ageSeconds: 600 }))).toBe(401);
  expect(await send(mentionEventRequest({ extra: { bot_id: "B0OTHER" } }))).toBe(200);
  expect(await send(slashCommandRequest({ text: `deploy ${"x".repeat(2_100)}` }))).toBe(200);
  expect(await send(blockActionRequest({ value: "task-1-1" }))).toBe(200);
  // A mention too long to run gets its answer as an ephemeral note, which Slack refuses here.
  slack.fail("chat.postEphemeral", { error: "channel_not_found" }, 1);
  const long = mentionEventRequest({ text: `<@${TEST_BOT_USER_ID}> deploy ${"y".repeat(2_100)}` });
  expect(await send(long)).toBe(200);
  const samples = await scrapeUntil(
    app.url,
    (s) =>
      sampleValue(s, "shipmate_slack_api_requests_total", {
        method: "chat.postEphemeral",
        outcome: "error",
      }) === 1,
    "the refused note",
  );
  const count = (kind: string, outcome: string) =>
    sampleValue(samples, "shipmate_slack_requests_total", requests(kind, outcome));
  expect(count("other", "invalid_signature")).toBe(2);
  expect(count("event", "ignored")).toBe(1);
  expect(count("command", "refused")).toBe(1);
  expect(count("event", "refused")).toBe(1);
  expect(count("action", "accepted")).toBe(1);
  expect(count("command", "accepted")).toBe(1);
  expect((await scrape(app.url)).some((s) => JSON.stringify(s.labels).includes("U0ALICE01"))).toBe(false);
});
