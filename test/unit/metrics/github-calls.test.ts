import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createProbot } from "../../../src/github/create-probot.ts";
import { defineMetrics } from "../../../src/metrics/definitions.ts";
import { countGitHubCalls } from "../../../src/metrics/github-calls.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { parseExposition, sampleValue } from "../../integration/metrics/scrape.ts";
import { testPrivateKey } from "../../support/harness.ts";

// A GitHub API that answers each path with its own status and rate-limit header.
const ANSWERS: Record<string, [number, string | undefined]> = {
  "/api/v3/app": [200, "4999"],
  "/api/v3/app/installations": [304, undefined],
  "/api/v3/orgs/acme/installation": [404, "4990"],
  "/api/v3/app/hook/config": [502, undefined],
};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, remaining] = ANSWERS[req.url ?? ""] ?? [404, undefined];
    res.writeHead(status, {
      "content-type": "application/json",
      ...(remaining === undefined ? {} : { "x-ratelimit-remaining": remaining }),
    });
    res.end(status === 304 ? undefined : JSON.stringify({ message: "answer" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function counted(baseUrl: string) {
  const registry = new Registry();
  const probot = countGitHubCalls(
    createProbot(
      { appId: "1", privateKey: testPrivateKey(), webhookSecret: "x", baseUrl },
      createLogger("silent", []),
    ),
    defineMetrics(registry),
  );
  const samples = async () => parseExposition(await registry.metrics());
  return { probot, samples };
}

test("every answer counts by method and status class, and the latest rate-limit header is kept", async () => {
  const { probot, samples } = counted(base);
  // The App's Octokit is the same object each time: asking for it twice must not count its calls twice.
  await probot.auth();
  const octokit = await probot.auth();
  await octokit.request("GET /app");
  // Routes the App authenticates for itself (a JWT, no installation needed).
  for (const path of ["/app/installations", "/orgs/acme/installation", "/app/hook/config"]) {
    await expect(octokit.request(`GET ${path}`)).rejects.toMatchObject({ status: expect.any(Number) });
  }
  const read = await samples();
  const calls = (method: string, status: string) =>
    sampleValue(read, "shipmate_github_api_requests_total", { method, status });
  expect(calls("GET", "2xx")).toBe(1);
  expect(calls("GET", "3xx")).toBe(1);
  expect(calls("GET", "4xx")).toBe(1);
  expect(calls("GET", "5xx")).toBe(1);
  expect(sampleValue(read, "shipmate_github_rate_limit_remaining")).toBe(4990);
});

test("a GitHub that cannot be reached counts as network, and leaves the rate limit unknown", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const { probot, samples } = counted(`http://127.0.0.1:${port}/api/v3`);
  await expect((await probot.auth()).request("GET /app")).rejects.toBeDefined();
  const read = await samples();
  expect(sampleValue(read, "shipmate_github_api_requests_total", { method: "GET", status: "network" })).toBe(
    1,
  );
  expect(read.filter((s) => s.name === "shipmate_github_rate_limit_remaining")).toEqual([]);
});

test("the counted Probot is still the Probot: its other members work as before", async () => {
  const { probot } = counted(base);
  expect(probot.log).toBeDefined();
  expect(typeof probot.on).toBe("function");
  probot.on("push", async () => undefined);
});

test("a request refused before it is sent (no installation to act as) is not a call", async () => {
  const { probot, samples } = counted(base);
  const octokit = await probot.auth();
  await expect(octokit.request("GET /repos/acme/web")).rejects.toThrow(/installationId/);
  expect((await samples()).filter((s) => s.name === "shipmate_github_api_requests_total")).toEqual([]);
});
