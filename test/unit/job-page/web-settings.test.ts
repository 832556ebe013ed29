import { describe, expect, test } from "vitest";
import { readWebSettings, type WebSettings, webSecrets } from "../../../src/web/web-settings.ts";

const HOOK = "hook-secret-0123456789";

function ok(env: NodeJS.ProcessEnv, hook = HOOK): WebSettings {
  const result = readWebSettings(env, hook);
  if (result.kind !== "ok") throw new Error(result.message);
  return result.settings;
}

function error(env: NodeJS.ProcessEnv): string {
  const result = readWebSettings(env, HOOK);
  if (result.kind !== "error") throw new Error("expected an error");
  return result.message;
}

describe("readWebSettings", () => {
  test("by default: no public URL, no operator, links last 7 days", () => {
    const web = ok({});
    expect(web.publicUrl).toBeUndefined();
    expect(web.operator).toBeUndefined();
    expect(web.jobLinkTtlMs).toBe(7 * 86_400_000);
  });

  test("without JOB_LINK_SECRET the key is derived from the webhook secret, and is not it", () => {
    const key = ok({}).jobLinkKey;
    expect(key).toHaveLength(32);
    expect(key.equals(Buffer.from(HOOK))).toBe(false);
    expect(key.toString("utf8")).not.toContain(HOOK);
    expect(ok({}).jobLinkKey.equals(key)).toBe(true);
    expect(ok({}, `${HOOK}x`).jobLinkKey.equals(key)).toBe(false);
  });

  test("JOB_LINK_SECRET is the key when given", () => {
    const secret = "f".repeat(64);
    expect(ok({ JOB_LINK_SECRET: secret }).jobLinkKey.toString("utf8")).toBe(secret);
  });

  test("PUBLIC_URL loses its trailing slashes; an empty one means unset", () => {
    expect(ok({ PUBLIC_URL: "https://ship.example.com/base//" }).publicUrl).toBe(
      "https://ship.example.com/base",
    );
    expect(ok({ PUBLIC_URL: "" }).publicUrl).toBeUndefined();
  });

  test("the operator login: OPERATOR_USER defaults to `operator`", () => {
    expect(ok({ OPERATOR_PASSWORD: "long enough pass" }).operator).toEqual({
      user: "operator",
      password: "long enough pass",
    });
    expect(ok({ OPERATOR_USER: "ops", OPERATOR_PASSWORD: "long enough pass" }).operator?.user).toBe("ops");
  });

  test.each([
    ["1h", 3_600_000],
    ["12h", 43_200_000],
    ["30d", 30 * 86_400_000],
  ])("JOB_LINK_TTL=%s → %d ms", (ttl, ms) => {
    expect(ok({ JOB_LINK_TTL: ttl }).jobLinkTtlMs).toBe(ms);
  });

  const problems: [NodeJS.ProcessEnv, RegExp][] = [
    [{ PUBLIC_URL: "ftp://ship.example.com" }, /^PUBLIC_URL: must be an http\(s\) URL/],
    [{ PUBLIC_URL: "ship.example.com" }, /^PUBLIC_URL:/],
    [{ JOB_LINK_SECRET: "short" }, /^JOB_LINK_SECRET: must be at least 32 characters/],
    [{ JOB_LINK_TTL: "soon" }, /^JOB_LINK_TTL: must be a duration from 1m to 365d/],
    [{ JOB_LINK_TTL: "30s" }, /^JOB_LINK_TTL:/],
    [{ JOB_LINK_TTL: "400d" }, /^JOB_LINK_TTL:/],
    [{ OPERATOR_PASSWORD: "short" }, /^OPERATOR_PASSWORD: must be at least 12 characters/],
    [{ OPERATOR_USER: "ops" }, /^OPERATOR_USER is set but OPERATOR_PASSWORD is not/],
    [{ OPERATOR_USER: "a:b", OPERATOR_PASSWORD: "long enough pass" }, /^OPERATOR_USER: must be one word/],
  ];
  test.each(problems)("%j is refused in one line naming the variable", (env, message) => {
    const text = error(env);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  test("the job link secret and operator password are masked everywhere", () => {
    const env = { JOB_LINK_SECRET: "s".repeat(40), OPERATOR_PASSWORD: "long enough pass" };
    expect(webSecrets(env)).toEqual(["s".repeat(40), "long enough pass"]);
    expect(webSecrets({})).toEqual([]);
  });
});
