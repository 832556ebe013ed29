import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sendSlackRequest, slashCommandRequest } from "../../support/slack-request.ts";
import { type IngressUnderTest, startIngress } from "./ingress-under-test.ts";

let app: IngressUnderTest;
beforeAll(async () => {
  app = await startIngress();
});
afterAll(() => app.close());

// Requests outside the window, and every other forgery, are refused in test/security/forged-slack.test.ts.
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
});
