import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, test } from "vitest";
import { Readiness } from "../../../src/main/readiness.ts";
import { appCredentialsLoaded, redisReachable } from "../../../src/main/readiness-checks.ts";
import { createProducerConnection, waitUntilReady } from "../../../src/queue/redis-connections.ts";
import { REDIS_URL, testPrivateKey } from "../../support/harness.ts";
import { freePort } from "./shipmate-process.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Serves the readiness routes and one gated route on a port of their own. */
async function serve(readiness: Readiness): Promise<string> {
  const work = readiness.gate((_req, res) => res.writeHead(202).end("taken\n"));
  const server: Server = createServer((req, res) => {
    if (req.url === "/healthz") return readiness.healthz(req, res);
    if (req.url === "/readyz") return readiness.readyz(req, res);
    return work(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(url: string, path: string): Promise<[number, string]> {
  const response = await fetch(`${url}${path}`, { method: path === "/work" ? "POST" : "GET", body: null });
  return [response.status, await response.text()];
}

function connected(url: string): Redis {
  const redis = createProducerConnection(url);
  redis.on("error", () => {});
  cleanups.push(() => redis.disconnect());
  return redis;
}

describe("readiness", () => {
  test("ready with Redis answering and the App's credentials loaded, and work is taken", async () => {
    const redis = connected(REDIS_URL);
    await waitUntilReady(redis);
    const url = await serve(
      new Readiness([
        redisReachable(redis),
        appCredentialsLoaded({ appId: "1", privateKey: testPrivateKey() }),
      ]),
    );
    expect(await get(url, "/readyz")).toEqual([200, "ready\n"]);
    expect(await get(url, "/healthz")).toEqual([200, "ok\n"]);
    expect(await get(url, "/work")).toEqual([202, "taken\n"]);
  });

  test.each([
    [
      "a Redis that does not answer",
      async () => redisReachable(connected(`redis://127.0.0.1:${await freePort()}`)),
      "Redis is not reachable",
    ],
    [
      "no App ID",
      async () => appCredentialsLoaded({ appId: "", privateKey: testPrivateKey() }),
      "the GitHub App ID is not loaded",
    ],
    [
      "a key that cannot sign",
      async () =>
        appCredentialsLoaded({
          appId: "1",
          privateKey: "-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----",
        }),
      "the GitHub App's private key cannot sign",
    ],
  ])("503 with the reason for %s, while /healthz stays 200", async (_, check, reason) => {
    const url = await serve(new Readiness([await check()]));
    expect(await get(url, "/readyz")).toEqual([503, `not ready: ${reason}\n`]);
    expect(await get(url, "/healthz")).toEqual([200, "ok\n"]);
  });

  test("once stopping: 503 for readiness and for the gated route, for good", async () => {
    const readiness = new Readiness([]);
    const url = await serve(readiness);
    readiness.stop();
    expect(await get(url, "/readyz")).toEqual([503, "not ready: Shipmate is shutting down\n"]);
    const [status, text] = await get(url, "/work");
    expect([status, text]).toEqual([
      503,
      "Shipmate is shutting down; send this again (another instance takes it)\n",
    ]);
    expect(await get(url, "/healthz")).toEqual([200, "ok\n"]);
  });
});
