import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { testPrivateKey } from "../../support/harness.ts";

function runCli(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ["src/main/cli.ts", ...args], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
}

describe("starting the bot", () => {
  test("refuses to start without WEBHOOK_SECRET, naming it in one line", () => {
    const result = runCli({ APP_ID: "1", PRIVATE_KEY: testPrivateKey() });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("WEBHOOK_SECRET");
  });

  test("refuses an unreadable private key path, naming it", () => {
    const result = runCli({
      APP_ID: "1",
      PRIVATE_KEY_PATH: "/nonexistent/key.pem",
      WEBHOOK_SECRET: "abcdefgh",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("/nonexistent/key.pem");
  });

  test("refuses an unknown role", () => {
    const result = runCli({}, ["everything"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: shipmate [all|web|worker]");
  });
});
