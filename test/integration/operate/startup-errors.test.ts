import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { testPrivateKey } from "../../support/harness.ts";
import { freePort } from "./shipmate-process.ts";

function start(env: Record<string, string>) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["bin/shipmate.js", "web"], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: "a-webhook-secret",
      PORT: "0",
      LOG_LEVEL: "silent",
      ...env,
    },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { ...result, ms: performance.now() - started };
}

describe("a start that cannot work ends at once with one line naming the problem", () => {
  test.each([
    ["a REDIS_URL that is not a URL", { REDIS_URL: "localhost:6379" }, /^shipmate: REDIS_URL: /],
    ["a REDIS_URL of another scheme", { REDIS_URL: "http://127.0.0.1:6379" }, /^shipmate: REDIS_URL: /],
    [
      "a REDIS_URL with a port out of range",
      { REDIS_URL: "redis://127.0.0.1:99999" },
      /^shipmate: REDIS_URL: /,
    ],
    [
      "a SHUTDOWN_GRACE that is not a duration",
      { REDIS_URL: "redis://127.0.0.1:6379", SHUTDOWN_GRACE: "soon" },
      /^shipmate: SHUTDOWN_GRACE: must be a duration such as "30s", "2m" or "90d" \(got "soon"\)$/,
    ],
    [
      "an AUDIT_RETENTION that is not a duration",
      { REDIS_URL: "redis://127.0.0.1:6379", AUDIT_RETENTION: "forever" },
      /^shipmate: AUDIT_RETENTION: /,
    ],
  ])("%s", (_, env, line) => {
    const result = start(env);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(line);
  });

  test("a Redis that does not answer: where it was looked for (password masked) and why", async () => {
    const port = await freePort();
    const result = start({ REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}` });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr.trim()).toBe(
      `shipmate: Redis is not reachable at redis://:***@127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port} after 5 s): start it, or point REDIS_URL at it.`,
    );
    expect(result.ms).toBeLessThan(10_000);
  });
});
