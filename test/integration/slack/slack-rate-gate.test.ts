import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSlackClient } from "../../../src/slack/create-slack-client.ts";
import { rateGatedSlackClient } from "../../../src/slack/rate-gated-slack-client.ts";
import { SlackApiError } from "../../../src/slack/slack-api-error.ts";
import type { SlackClient } from "../../../src/slack/slack-client.ts";
import { SlackRateGate } from "../../../src/slack/slack-rate-gate.ts";
import { FakeSlack } from "../../support/fake-slack.ts";
import { REDIS_URL } from "../../support/harness.ts";
import { sleep } from "../../support/pr-thread.ts";

// Two connections stand for two worker processes: the wait must be shared through Redis, not memory.
const redisOne = new Redis(REDIS_URL);
const redisTwo = new Redis(REDIS_URL);
const fake = new FakeSlack();
let apiUrl = "";
let prefix = "";
const prefixes: string[] = [];

beforeAll(async () => {
  apiUrl = await fake.start();
});

beforeEach(() => {
  fake.reset();
  prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
  prefixes.push(prefix);
});

afterAll(async () => {
  for (const each of prefixes) {
    const keys = await redisOne.keys(`${each}:slack-not-before:*`);
    if (keys.length > 0) await redisOne.del(...keys);
  }
  redisOne.disconnect();
  redisTwo.disconnect();
  await fake.stop();
});

/** A gated client as one worker holds it. */
function worker(redis: Redis): { slack: SlackClient; gate: SlackRateGate } {
  const gate = new SlackRateGate(redis, prefix);
  return { slack: rateGatedSlackClient(createSlackClient({ token: "xoxb-test", apiUrl }), gate), gate };
}

async function failure(call: Promise<unknown>): Promise<SlackApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SlackApiError)) throw new Error(`expected a SlackApiError, got ${String(error)}`);
  return error;
}

const update = { channel: "C0OPS0001", ts: "1.000001", text: "v2" };

describe("a Retry-After told to one worker", () => {
  test("keeps every worker off that method until it has passed, without calling Slack", async () => {
    const one = worker(redisOne);
    const two = worker(redisTwo);
    const posted = await one.slack.postMessage({ channel: "C0OPS0001", text: "v1" });
    fake.fail("chat.update", { status: 429, retryAfter: 1 }, 1);
    expect((await failure(one.slack.updateMessage({ ...update, ts: posted.ts }))).status).toBe(429);
    const told = Date.now();

    const held = await failure(two.slack.updateMessage({ ...update, ts: posted.ts }));
    expect(held.status).toBe(429);
    const leftMs = Number(held.response.headers["retry-after"]) * 1000;
    expect(leftMs).toBeGreaterThan(500);
    expect(leftMs).toBeLessThanOrEqual(1_000);
    expect(fake.callsTo("chat.update")).toHaveLength(1);

    // Slack's limits are per method: posting is not held by a wait on chat.update.
    await two.slack.postMessage({ channel: "C0OPS0001", text: "another" });

    await sleep(Math.max(0, told + 1_000 - Date.now()) + 50);
    await two.slack.updateMessage({ ...update, ts: posted.ts });
    expect(fake.callsTo("chat.update")).toHaveLength(2);
  });

  test("an `ok: false` rate limit without Retry-After holds the method for a second", async () => {
    const one = worker(redisOne);
    fake.fail("chat.postEphemeral", { error: "ratelimited" }, 1);
    const note = { channel: "C0OPS0001", user: "U0ALICE01", text: "hi" };
    expect((await failure(one.slack.postEphemeral(note))).code).toBe("ratelimited");
    expect(await one.gate.waitMs("chat.postEphemeral")).toBeGreaterThan(800);
    expect((await failure(worker(redisTwo).slack.postEphemeral(note))).status).toBe(429);
    expect(fake.callsTo("chat.postEphemeral")).toHaveLength(1);
  });

  test("errors other than rate limits hold nothing", async () => {
    const one = worker(redisOne);
    fake.fail("chat.update", { status: 503 }, 1);
    expect((await failure(one.slack.updateMessage(update))).status).toBe(503);
    expect(await one.gate.waitMs("chat.update")).toBe(0);
  });
});

describe("the gate", () => {
  test("a shorter wait told later never cuts a longer one short", async () => {
    const gate = new SlackRateGate(redisOne, prefix);
    await gate.hold("chat.update", 5_000);
    await new SlackRateGate(redisTwo, prefix).hold("chat.update", 1_000);
    expect(await gate.waitMs("chat.update")).toBeGreaterThan(4_000);
    await gate.hold("chat.update", 8_000);
    expect(await gate.waitMs("chat.update")).toBeGreaterThan(7_000);
    expect(await gate.waitMs("chat.postMessage")).toBe(0);
  });
});
