import { afterAll, beforeAll, expect, test } from "vitest";
import { FakeSlack } from "../../support/fake-slack.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { sendSlackRequest, slashCommandRequest, TEST_SIGNING_SECRET } from "../../support/slack-request.ts";

const CONFIG = `environments:
  staging:
    deploy: 'true'
slack:
  users: { U0ALICE01: alice }
`;

let app: Running;
let slack: FakeSlack;

beforeAll(async () => {
  slack = new FakeSlack();
  const apiUrl = await slack.start();
  app = await startShipmate({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    SLACK_CHANNEL_REPOS: "C0SHOPS01=acme/shop",
  });
  for (const [owner, name] of [
    ["acme", "shop"],
    ["acme", "web"],
    ["other", "web"],
  ] as const) {
    app.github.addRepo({ owner, name, config: CONFIG, roles: { alice: "write" } });
  }
});

afterAll(async () => {
  await app?.stop();
  await slack?.stop();
});

/** Sends `/shipmate <text>` and returns the ephemeral answer. */
async function ask(text: string, channelId = "C0DEPLOYS"): Promise<string> {
  const id = `r${Math.floor(Math.random() * 1e9)}`;
  const request = slashCommandRequest({ text, channelId, responseUrl: slack.responseUrl(id) });
  expect((await sendSlackRequest(`${app.url}/slack/events`, request)).status).toBe(200);
  const [answer] = await slack.waitForResponse(id);
  return JSON.stringify(answer?.body);
}

test("a short name finds the one repository of that name", async () => {
  const answer = await ask("status shop#1");
  expect(answer).toMatch(/Nothing is running|no pull request #1/);
  expect(app.github.callsMatching(/^GET \/repos\/acme\/shop\/installation$/).length).toBeGreaterThan(0);
});

test("a short name two repositories share is answered with both, and nothing runs", async () => {
  const answer = await ask("deploy web@main to staging");
  expect(answer).toContain("acme/web");
  expect(answer).toContain("other/web");
  expect(app.github.callsMatching(/^GET \/repos\/[^/]+\/web\/installation$/)).toEqual([]);
});

test("a channel's default repository is used when the command names none", async () => {
  expect(await ask("status", "C0SHOPS01")).toMatch(/Nothing is running, waiting or locked/);
  expect(await ask("status", "C0ELSEWHR")).toMatch(/Name the repository/);
});
