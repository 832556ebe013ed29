import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { IngressOutcome } from "../../../src/ingress/github/on-issue-comment.ts";
import { githubWebhookRoute } from "../../../src/ingress/github/webhook-route.ts";
import { createHttpServer } from "../../../src/ingress/http/create-server.ts";
import { defineMetrics } from "../../../src/metrics/definitions.ts";
import { metricsRecorder } from "../../../src/metrics/metrics-recorder.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { sendWebhook, WEBHOOK_SECRET } from "../../support/harness.ts";
import { parseExposition, sampleValue } from "./scrape.ts";

// The route on its own, in front of a handler whose answer each case chooses: every way a delivery can
// end, counted on a registry of this test's own.
const registry = new Registry();
const recorder = metricsRecorder(defineMetrics(registry));
let next: () => Promise<IngressOutcome>;
let url: string;
const server = createHttpServer(
  {
    githubWebhooks: githubWebhookRoute({
      secrets: [WEBHOOK_SECRET],
      handle: () => next(),
      log: createLogger("silent", []),
      metrics: recorder,
    }),
    healthz: () => undefined,
    readyz: () => undefined,
  },
  () => undefined,
  recorder,
);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function raw(headers: Record<string, string>, body: string): Promise<number> {
  const response = await fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
  await response.text();
  return response.status;
}

const outcomes: [string, () => Promise<number>, string, string][] = [
  ["queued", () => sendWithHandler("issue_comment", async () => "queued"), "issue_comment", "accepted"],
  ["recorded", () => sendWithHandler("pull_request", async () => "recorded"), "pull_request", "accepted"],
  ["ignored", () => sendWithHandler("push", async () => "ignored"), "push", "ignored"],
  [
    "payload not understood",
    () => sendWithHandler("issue_comment", async () => "invalid"),
    "issue_comment",
    "refused",
  ],
  [
    "Redis away",
    () =>
      sendWithHandler("issue_comment", async () => {
        throw new Error("Connection is closed.");
      }),
    "issue_comment",
    "unavailable",
  ],
  [
    "wrong secret",
    () => sendWebhook(url, "push", {}, { secret: "nope" }).then((r) => r.status),
    "push",
    "invalid_signature",
  ],
  [
    "no signature",
    () => sendWebhook(url, "ping", {}, { signature: null }).then((r) => r.status),
    "ping",
    "invalid_signature",
  ],
  [
    "not JSON",
    () =>
      raw(
        {
          "content-type": "text/plain",
          "x-github-event": "push",
          "x-github-delivery": "d1",
          "x-hub-signature-256": "sha256=0",
        },
        "x",
      ),
    "push",
    "refused",
  ],
  ["no event header", () => raw({ "content-type": "application/json" }, "{}"), "", "refused"],
];

async function sendWithHandler(event: string, handler: () => Promise<IngressOutcome>): Promise<number> {
  next = handler;
  return (await sendWebhook(url, event, { action: "created" })).status;
}

test.each(outcomes)("a delivery answered %s counts once, as its outcome", async (_, send, event, outcome) => {
  const count = async () =>
    sampleValue(parseExposition(await registry.metrics()), "shipmate_webhooks_total", {
      event: event === "" ? "other" : event,
      outcome,
    }) ?? 0;
  const before = await count();
  const status = await send();
  expect(status).toBeGreaterThanOrEqual(200);
  expect(await count()).toBe(before + 1);
  const total = parseExposition(await registry.metrics())
    .filter((s) => s.name === "shipmate_webhooks_total")
    .reduce((sum, s) => sum + s.value, 0);
  expect(total).toBe(outcomes.findIndex(([name]) => name === _) + 1);
});

test("the time to answer is observed per route, method and status class, never per path", async () => {
  await raw({}, "");
  await fetch(`${url}/api/github/webhooks/../../secret?x=1`);
  await fetch(`${url}/jobs/task-123-1`);
  const samples = parseExposition(await registry.metrics());
  const count = (route: string, method: string, status: string) =>
    sampleValue(samples, "shipmate_http_request_duration_seconds_count", { route, method, status });
  expect(count("github_webhooks", "POST", "2xx")).toBe(4);
  expect(count("github_webhooks", "POST", "4xx")).toBe(5);
  expect(count("github_webhooks", "POST", "5xx")).toBe(1);
  expect(count("jobs", "GET", "4xx")).toBe(1);
  expect(count("other", "GET", "4xx")).toBe(1);
  expect(samples.map((s) => JSON.stringify(s.labels)).join("\n")).not.toMatch(/secret|task-123/);
});
