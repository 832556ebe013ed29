import { afterAll, beforeAll, expect, test } from "vitest";
import { slashJobId } from "../integration/slack/slack-flows-session.ts";
import { FakeSlack, messageText } from "../support/fake-slack.ts";
import { recordFigure } from "../support/figures.ts";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { type Running, startShipmate } from "../support/harness.ts";
import { sendSlackRequest, slashCommandRequest, TEST_SIGNING_SECRET } from "../support/slack-request.ts";
import { waitsAfter429 } from "./support/api-fault-slack-waits.ts";

// Four seconds of output, so the message is edited again and again while Slack is limiting.
const CONFIG = `environments:
  staging:
    deploy: 'echo "deploying $SHIPMATE_SHA"; for i in 1 2 3 4 5 6 7 8; do echo "step $i"; sleep 0.5; done; echo "deployed for $SHIPMATE_ACTOR"'
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

test("a deploy from /shipmate while Slack answers 429: one message, edited in place, never before Retry-After", async (context) => {
  // The first post and the first two edits are refused, each with its own Retry-After.
  slack.fail("chat.postMessage", { status: 429, retryAfter: 1 });
  slack.fail("chat.update", { status: 429, retryAfter: 1 });
  slack.fail("chat.update", { status: 429, retryAfter: 2 });
  const request = slashCommandRequest({
    text: "deploy acme/shop#42 to staging",
    responseUrl: slack.responseUrl("deploy"),
  });
  const ack = await sendSlackRequest(`${app.url}/slack/events`, request);
  expect(ack.status).toBe(200);
  const jobId = slashJobId(request.fields.triggerId);

  const message = await slack
    .waitForJobMessage(jobId, (m) => /Deployed/.test(messageText(m)), 40_000)
    .catch((error: unknown) => {
      throw new Error(`${String(error)}\nslack calls:\n${slack.describeCalls()}`);
    });
  expect(messageText(message)).toContain(sha.slice(0, 7));
  expect(messageText(message)).toContain("staging");

  const injected = slack.calls.filter((call) => call.faulted !== undefined);
  expect(injected).toHaveLength(3);
  // One message for the job, posted once and edited in place; no other message anywhere.
  const posted = slack.callsTo("chat.postMessage").filter((call) => call.faulted === undefined);
  expect(posted).toHaveLength(1);
  expect(slack.allMessages()).toEqual([message]);
  // Nothing reached Slack while a Retry-After it had given still ran.
  const waits = waitsAfter429(slack.calls);
  expect(waits.map((wait) => wait.method).sort()).toEqual(["chat.postMessage", "chat.update", "chat.update"]);
  const earliest = Math.min(...waits.map((wait) => wait.marginMs));
  expect(earliest).toBeGreaterThanOrEqual(0);
  // Every edit after the refused ones landed, and the last one shows the end.
  expect(message.history.at(-1)?.text).toBe(message.text);
  expect(messageText(message.history.at(-1) ?? message)).toMatch(/Deployed/);

  recordFigure(context, "429s injected", injected.length);
  recordFigure(context, "messages posted", posted.length);
  recordFigure(context, "duplicate messages", slack.allMessages().length - 1);
  recordFigure(context, "edits in place", message.edits);
  recordFigure(context, "earliest call after a Retry-After ran out (ms)", earliest);
}, 50_000);
