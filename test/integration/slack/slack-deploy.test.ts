import { afterAll, beforeAll, expect, test } from "vitest";
import { slackIdBase } from "../../../src/dispatch/locate-slack-request.ts";
import { commandRequestId } from "../../../src/ingress/slack/request-id.ts";
import { FakeSlack, messageText } from "../../support/fake-slack.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { statusComment } from "../../support/pr-thread.ts";
import { sendSlackRequest, slashCommandRequest, TEST_SIGNING_SECRET } from "../../support/slack-request.ts";

const CONFIG = `environments:
  staging:
    deploy: 'echo "deployed $SHIPMATE_SHA for $SHIPMATE_ACTOR"'
slack:
  users: { U0ALICE01: alice }
`;

let app: Running;
let slack: FakeSlack;
let repo: LocalRepo;
let sha: string;

beforeAll(async () => {
  repo = createLocalRepo();
  sha = repo.commit({ README: "x\n" }, "first");
  slack = new FakeSlack();
  const apiUrl = await slack.start();
  app = await startShipmate({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
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

test("a /shipmate deploy from Slack runs and lives in one channel message and the PR's status comment", async () => {
  const request = slashCommandRequest({
    text: "deploy acme/shop#42 to staging",
    responseUrl: slack.responseUrl("c1"),
  });
  const answer = await sendSlackRequest(`${app.url}/slack/events`, request);
  expect(answer.status).toBe(200);
  const message = await slack
    .waitForJobMessage(jobIdOf(request.fields.triggerId), (m) => /Deployed/.test(messageText(m)), 30_000)
    .catch((error: unknown) => {
      throw new Error(
        `${String(error)}\nslack:\n${slack.describeCalls()}\ngithub:\n${app.github.describeCalls()}`,
      );
    });
  expect(messageText(message)).toContain("staging");
  expect(message.channel ?? "C0DEPLOYS").toBe("C0DEPLOYS");
  expect(statusComment(app, jobIdOf(request.fields.triggerId))).toMatch(/Deployed/);
}, 60_000);

/** The id of the job a slash command queues: built from Slack's trigger id, as the intake builds it. */
function jobIdOf(triggerId: string): string {
  return `task-${slackIdBase(commandRequestId(triggerId))}-1`;
}
