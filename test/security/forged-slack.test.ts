import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { slackIdBase } from "../../src/dispatch/locate-slack-request.ts";
import { commandRequestId, eventRequestId } from "../../src/ingress/slack/request-id.ts";
import { FakeSlack, messageText } from "../support/fake-slack.ts";
import { recordFigure } from "../support/figures.ts";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { type Running, startShipmate } from "../support/harness.ts";
import {
  blockActionRequest,
  mentionEventRequest,
  type SlackSignOptions,
  type SlackTestRequest,
  sendSlackRequest,
  slashCommandRequest,
  TEST_BOT_USER_ID,
  TEST_SIGNING_SECRET,
} from "../support/slack-request.ts";
import { FootprintWatch, messageOf } from "./support/footprint.ts";

const ALICE = "U0ALICE01";

/** A request as Slack sends it, and a wait for Shipmate's answer to it in Slack. */
interface SlackCase {
  request: SlackTestRequest;
  answered: () => Promise<unknown>;
}

let answers = 0;
const deployed = (requestId: string) => () =>
  slack.waitForJobMessage(`task-${slackIdBase(requestId)}-1`, (m) => /Deployed/.test(messageText(m)));

/** The three ways Slack calls Shipmate, each a request that is accepted when signed correctly. */
const KINDS: [string, (options: SlackSignOptions) => SlackCase][] = [
  [
    "a slash command",
    (options) => {
      const request = slashCommandRequest({ text: "deploy acme/shop#7 to staging", userId: ALICE }, options);
      return { request, answered: deployed(commandRequestId(request.fields.triggerId)) };
    },
  ],
  [
    "a button press",
    (options) => {
      answers += 1;
      const answerId = `press-${answers}`;
      // A press on a job that does not exist: accepted, then answered "There is no job" to the presser.
      const request = blockActionRequest(
        { userId: ALICE, value: "task-7-1", responseUrl: slack.responseUrl(answerId) },
        options,
      );
      return { request, answered: () => slack.waitForResponse(answerId) };
    },
  ],
  [
    "an app_mention event",
    (options) => {
      const text = `<@${TEST_BOT_USER_ID}> deploy acme/shop#7 to staging`;
      const request = mentionEventRequest({ text, userId: ALICE }, options);
      return { request, answered: deployed(eventRequestId(request.fields.eventId)) };
    },
  ],
];

interface Forgery {
  sign?: SlackSignOptions;
  /** Headers to put over the signed ones, as someone replaying or guessing would. */
  override?: (signed: Record<string, string>) => Record<string, string>;
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

const FORGERIES: [string, Forgery][] = [
  ["no timestamp header", { sign: { omit: ["x-slack-request-timestamp"] } }],
  ["no signature header", { sign: { omit: ["x-slack-signature"] } }],
  ["neither header", { sign: { omit: ["x-slack-signature", "x-slack-request-timestamp"] } }],
  ["a v1= signature", { sign: { version: "v1" } }],
  [
    "v0= with one hex digit wrong",
    {
      override: (signed) => {
        const signature = signed["x-slack-signature"] ?? "";
        return { "x-slack-signature": signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0") };
      },
    },
  ],
  ["an empty v0=", { override: () => ({ "x-slack-signature": "v0=" }) }],
  ["a timestamp 6 minutes old", { sign: { ageSeconds: 6 * 60 } }],
  ["a timestamp 6 minutes ahead", { sign: { ageSeconds: -6 * 60 } }],
  ["a timestamp a day ahead", { sign: { ageSeconds: -86_400 } }],
  // A captured request replayed later with a fresh timestamp: the signature covers the old one.
  [
    "a 10-minute-old request with its timestamp set to now",
    { sign: { ageSeconds: 600 }, override: () => ({ "x-slack-request-timestamp": nowSeconds() }) },
  ],
  ["a timestamp that is not a number", { override: () => ({ "x-slack-request-timestamp": "soon" }) }],
  ["one byte changed after signing", { sign: { tamper: (body) => body.replace("acme", "acmf") } }],
  ["the user changed after signing", { sign: { tamper: (body) => body.replaceAll(ALICE, "U0CAROL01") } }],
  ["signed with the wrong secret", { sign: { secret: `${TEST_SIGNING_SECRET.slice(0, -1)}0` } }],
];

const CONFIG = `environments:
  staging:
    deploy: 'true'
slack:
  users: { ${ALICE}: alice }
`;

let app: Running;
let slack: FakeSlack;
let repo: LocalRepo;
let watch: FootprintWatch;
const logLines: string[] = [];
const refused: string[] = [];
let jobsQueuedByForgeries = 0;

beforeAll(async () => {
  repo = createLocalRepo();
  const sha = repo.commit({ README: "forged slack\n" }, "first");
  slack = new FakeSlack();
  const apiUrl = await slack.start();
  app = await startShipmate(
    { SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: apiUrl },
    { logLines },
  );
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: sha, headRef: "feature/x" }],
    cloneUrl: repo.cloneUrl,
  });
  watch = new FootprintWatch(app, logLines, slack);
});

afterAll(async () => {
  await watch?.close();
  await app?.stop();
  await slack?.stop();
  repo?.remove();
});

const url = () => `${app.url}/slack/events`;

// Forgeries first, the controls after them: until the controls, the intake queue must stay empty.
describe.each(KINDS)("%s that would be accepted if signed correctly", (kind, build) => {
  test.each(FORGERIES)(
    "%s: 401, nothing queued, no Slack or GitHub call, nothing logged as accepted",
    async (name, forgery) => {
      const { request } = build(forgery.sign ?? {});
      Object.assign(request.headers, forgery.override?.(request.headers));
      const mark = await watch.mark();
      // Shipmate acks a Slack request only once its job is in Redis, so the footprint is complete now.
      const answer = await sendSlackRequest(url(), request);
      const footprint = await watch.since(mark);
      jobsQueuedByForgeries += footprint.jobsAdded.length;
      // Counted on this request's own effects: once one forgery gets through, the work it started shows
      // in the rows after it too, and they fail with it.
      if (answer.status === 401 && footprint.jobsAdded.length === 0) refused.push(`${kind}: ${name}`);
      expect({ status: answer.status, ...footprint }).toEqual({
        status: 401,
        jobsAdded: [],
        intakeJobs: 0,
        githubCalls: [],
        slackCalls: [],
        acceptedLines: [],
      });
    },
  );
});

describe("controls: signed correctly", () => {
  test.each(KINDS)("%s is acked, queued, answered in Slack and logged as accepted", async (kind, build) => {
    const { request, answered } = build({});
    const mark = await watch.mark();
    const answer = await sendSlackRequest(url(), request);
    const footprint = await watch.since(mark);
    expect(answer.status).toBe(200);
    expect(footprint.jobsAdded).toHaveLength(1);
    expect(footprint.acceptedLines.map(messageOf)).toContain("slack request recorded");
    await answered();
    const done = await watch.since(mark);
    expect(done.slackCalls.length, `Slack calls after the ${kind}`).toBeGreaterThan(0);
  });

  test("every forgery in the table was refused", (context) => {
    const total = KINDS.length * FORGERIES.length;
    recordFigure(context, "forged Slack requests refused", `${refused.length}/${total}`);
    recordFigure(context, "jobs queued by forged Slack requests", jobsQueuedByForgeries);
    expect(refused).toHaveLength(total);
    expect(jobsQueuedByForgeries).toBe(0);
  });
});
