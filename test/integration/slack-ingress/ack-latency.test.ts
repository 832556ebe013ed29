import { afterAll, beforeAll, expect, test } from "vitest";
import { sendSlackRequest, slashCommandRequest } from "../../support/slack-request.ts";
import { type IngressUnderTest, startIngress } from "./ingress-under-test.ts";

let app: IngressUnderTest;
beforeAll(async () => {
  app = await startIngress();
});
afterAll(() => app.close());

const COMMANDS = 200;

test(`${COMMANDS} signed slash commands in a row are each acked well inside Slack's 3 s, with their job recorded`, async () => {
  // Warm up: the first request pays for module loading and the Redis connection.
  await sendSlackRequest(app.url, slashCommandRequest());
  const times: number[] = [];
  for (let i = 0; i < COMMANDS; i++) {
    const answer = await sendSlackRequest(app.url, slashCommandRequest({ text: `status acme/shop-${i}` }));
    expect(answer.status).toBe(200);
    times.push(answer.ms);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? Number.NaN;
  console.log(
    `slack ack latency over ${COMMANDS} commands (real Redis queue): p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${at(1).toFixed(2)} ms`,
  );
  expect(at(1)).toBeLessThan(3_000);
  expect(await app.jobCount()).toBe(COMMANDS + 1);
});
