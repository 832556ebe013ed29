import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  blockActionRequest,
  mentionEventRequest,
  type SlackSignOptions,
  sendSlackRequest,
  slashCommandRequest,
} from "../../support/slack-request.ts";
import { type IngressUnderTest, startIngress } from "./ingress-under-test.ts";

let app: IngressUnderTest;
beforeAll(async () => {
  app = await startIngress();
});
afterAll(() => app.close());

const flipOneByte = (body: string) => body.replace("acme", "acmf");

const REFUSALS: [string, SlackSignOptions][] = [
  ["no signature header", { omit: ["x-slack-signature"] }],
  ["no timestamp header", { omit: ["x-slack-request-timestamp"] }],
  ["no Slack headers at all", { omit: ["x-slack-signature", "x-slack-request-timestamp"] }],
  ["a wrong secret", { secret: "not-the-signing-secret-0000000000" }],
  ["a `v1=` signature", { version: "v1" }],
  ["a timestamp 6 minutes old", { ageSeconds: 6 * 60 }],
  ["a timestamp 6 minutes ahead", { ageSeconds: -6 * 60 }],
  ["a timestamp a day ahead", { ageSeconds: -86_400 }],
  ["one byte changed after signing", { tamper: flipOneByte }],
];

describe.each([
  ["slash command", (options: SlackSignOptions) => slashCommandRequest({}, options)],
  ["mention", (options: SlackSignOptions) => mentionEventRequest({}, options)],
  ["button", (options: SlackSignOptions) => blockActionRequest({}, options)],
])("a %s is refused with 401 and records nothing when it has", (_kind, build) => {
  test.each(REFUSALS)("%s", async (_name, options) => {
    const [calls, jobs] = [app.calls.length, await app.jobCount()];
    const answer = await sendSlackRequest(app.url, build(options));
    expect(answer.status).toBe(401);
    expect(app.calls.length).toBe(calls);
    expect(await app.jobCount()).toBe(jobs);
  });
});

describe("the 5-minute window, both ways", () => {
  test.each([
    ["4 minutes old", 4 * 60],
    ["4 minutes ahead", -4 * 60],
  ])("a request %s is accepted", async (_name, ageSeconds) => {
    const jobs = await app.jobCount();
    const request = slashCommandRequest({}, { ageSeconds });
    expect((await sendSlackRequest(app.url, request)).status).toBe(200);
    expect(await app.jobCount()).toBe(jobs + 1);
  });

  test("a timestamp that is not a number is refused", async () => {
    const request = slashCommandRequest();
    request.headers["x-slack-request-timestamp"] = "soon";
    expect((await sendSlackRequest(app.url, request)).status).toBe(401);
  });
});
