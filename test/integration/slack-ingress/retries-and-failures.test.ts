import { afterEach, describe, expect, test } from "vitest";
import {
  blockActionRequest,
  mentionEventRequest,
  sendSlackRequest,
  slashCommandRequest,
} from "../../support/slack-request.ts";
import { type IngressUnderTest, startIngress } from "./ingress-under-test.ts";

const started: IngressUnderTest[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.close()));
});

async function ingress(...args: Parameters<typeof startIngress>): Promise<IngressUnderTest> {
  const app = await startIngress(...args);
  started.push(app);
  return app;
}

describe("Slack's retries never make a second job", () => {
  test.each([
    [
      "slash command",
      (retryNum?: number) => slashCommandRequest({ triggerId: "1111.2222.aaaa" }, { retryNum }),
    ],
    [
      "mention",
      (retryNum?: number) =>
        mentionEventRequest({ eventId: "Ev0RETRY01", ts: "1700000000.000001" }, { retryNum }),
    ],
    [
      "button",
      (retryNum?: number) =>
        blockActionRequest({ messageTs: "1700000000.000002", actionTs: "1700000005.000003" }, { retryNum }),
    ],
  ])("a retried %s finds the first one's job", async (_kind, build) => {
    const app = await ingress();
    const first = await sendSlackRequest(app.url, build());
    const retry = await sendSlackRequest(app.url, build(1));
    const again = await sendSlackRequest(app.url, build(2));
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    // The same answer every time: a retry is acked exactly like the first attempt.
    expect(new Set([first.text, retry.text, again.text]).size).toBe(1);
    expect(app.calls).toHaveLength(3);
    expect(await app.jobCount()).toBe(1);
  });

  test("two presses of the same button (new action_ts) are two requests; dispatch decides the second", async () => {
    const app = await ingress();
    const messageTs = "1700000000.000010";
    await sendSlackRequest(app.url, blockActionRequest({ messageTs, actionTs: "1700000001.000001" }));
    await sendSlackRequest(app.url, blockActionRequest({ messageTs, actionTs: "1700000002.000001" }));
    expect(await app.jobCount()).toBe(2);
  });
});

describe("when the job cannot be recorded, Slack is told to retry", () => {
  test("enqueue throwing (Redis away) answers 503 and the retry, once Redis is back, records the job", async () => {
    let down = true;
    const app = await ingress({
      wrap: (real) => async (job) => {
        if (down) throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
        return real(job);
      },
    });
    const build = (retryNum?: number) => mentionEventRequest({ eventId: "Ev0DOWN001" }, { retryNum });
    const failed = await sendSlackRequest(app.url, build());
    expect(failed.status).toBe(503);
    expect(await app.jobCount()).toBe(0);
    down = false;
    const retried = await sendSlackRequest(app.url, build(1));
    expect(retried.status).toBe(200);
    expect(await app.recorded("evt-Ev0DOWN001")).toMatchObject({ kind: "slack-command" });
    expect(app.logs.join("")).toContain("slack request not recorded");
  });

  test("a slash command whose job cannot be recorded gets no 'Working on it…'", async () => {
    const app = await ingress({
      wrap: () => async () => {
        throw new Error("READONLY You can't write against a read only replica.");
      },
    });
    const answer = await sendSlackRequest(app.url, slashCommandRequest());
    expect(answer.status).toBe(503);
    expect(answer.text).not.toContain("Working on it");
  });

  test("enqueue hanging past Slack's deadline answers 503 before Slack's 3 s timeout", async () => {
    const app = await ingress({ wrap: () => () => new Promise(() => {}) });
    const answer = await sendSlackRequest(app.url, mentionEventRequest());
    expect(answer.status).toBe(503);
    expect(answer.ms).toBeGreaterThan(2_000);
    expect(answer.ms).toBeLessThan(3_000);
  });

  test("a job recorded after the deadline's 503 is found by Slack's retry, not made twice", async () => {
    let slow = true;
    const app = await ingress({
      wrap: (real) => async (job) => {
        if (slow) await new Promise((resolve) => setTimeout(resolve, 2_700));
        return real(job);
      },
    });
    const build = (retryNum?: number) => mentionEventRequest({ eventId: "Ev0SLOW001" }, { retryNum });
    expect((await sendSlackRequest(app.url, build())).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await app.recorded("evt-Ev0SLOW001")).toBeDefined();
    expect(app.logs.join("")).toContain("slack request finished after its 503");
    slow = false;
    expect((await sendSlackRequest(app.url, build(1))).status).toBe(200);
    expect(await app.jobCount()).toBe(1);
  });
});
