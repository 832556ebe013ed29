import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { readSettings, type Settings, type SettingsResult } from "../../../src/main/settings.ts";

const PEM = generateKeyPairSync("rsa", {
  modulusLength: 1024,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;
const PKCS8_PEM = generateKeyPairSync("rsa", {
  modulusLength: 1024,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

const BASE = { APP_ID: "123", PRIVATE_KEY: PEM, WEBHOOK_SECRET: "hook-secret-42" } as const;

const dir = mkdtempSync(join(tmpdir(), "shipmate-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ok(result: SettingsResult): Settings {
  if (result.kind !== "ok") throw new Error(`expected settings, got ${JSON.stringify(result)}`);
  return result.settings;
}

function errorOf(result: SettingsResult): string {
  if (result.kind !== "error") throw new Error(`expected an error, got ${result.kind}`);
  return result.message;
}

/** A start-up refusal: one line, that names what is wrong. */
function expectOneLineNaming(result: SettingsResult, name: string | RegExp): void {
  const message = errorOf(result);
  expect(message).not.toContain("\n");
  if (typeof name === "string") expect(message).toContain(name);
  else expect(message).toMatch(name);
}

describe("readSettings: the webhook secret", () => {
  test("a missing WEBHOOK_SECRET refuses start-up with one line naming it", () => {
    const { WEBHOOK_SECRET: _, ...env } = BASE;
    expectOneLineNaming(readSettings(env), /^WEBHOOK_SECRET\b/);
  });

  test("an empty WEBHOOK_SECRET is refused too", () => {
    expectOneLineNaming(readSettings({ ...BASE, WEBHOOK_SECRET: "" }), "WEBHOOK_SECRET");
  });

  test("there is no `development` default: whatever else is set, no secret means no settings", () => {
    for (const extra of [{}, { NODE_ENV: "development" }, { NODE_ENV: "production" }, { ROLE: "web" }]) {
      const { WEBHOOK_SECRET: _, ...env } = { ...BASE, ...extra };
      const result = readSettings(env);
      expect(result.kind).toBe("error");
      expect(JSON.stringify(result)).not.toContain('"development"');
    }
  });

  test("the given secret is the one used", () => {
    expect(ok(readSettings(BASE)).github.webhookSecret).toBe("hook-secret-42");
    expect(ok(readSettings(BASE)).github.webhookSecrets).toEqual(["hook-secret-42"]);
  });

  test("during a rotation the new and the old secret are both accepted, and both are masked", () => {
    const settings = ok(readSettings({ ...BASE, WEBHOOK_SECRET: " new-secret-1 , old-secret-0 " }));
    expect(settings.github.webhookSecrets).toEqual(["new-secret-1", "old-secret-0"]);
    expect(settings.github.webhookSecret).toBe("new-secret-1");
    expect(settings.secrets).toEqual(expect.arrayContaining(["new-secret-1", "old-secret-0"]));
  });

  test("a list of nothing but commas is no secret", () => {
    expect(readSettings({ ...BASE, WEBHOOK_SECRET: " , ," })).toMatchObject({
      kind: "error",
      message: expect.stringContaining("WEBHOOK_SECRET is not set"),
    });
  });
});

describe("readSettings: set-up mode and the App id", () => {
  const cases: { name: string; env: Record<string, string>; argvRole?: string; expected: string }[] = [
    { name: "no APP_ID and no key, in development", env: {}, expected: "setup" },
    { name: "no APP_ID and no key, NODE_ENV=test", env: { NODE_ENV: "test" }, expected: "setup" },
    { name: "no APP_ID and no key, ROLE=web", env: { ROLE: "web" }, expected: "setup" },
    { name: "no APP_ID and no key, in production", env: { NODE_ENV: "production" }, expected: "error" },
    { name: "no APP_ID and no key, ROLE=worker", env: { ROLE: "worker" }, expected: "error" },
    { name: "no APP_ID and no key, `shipmate worker`", env: {}, argvRole: "worker", expected: "error" },
    { name: "a key but no APP_ID", env: { PRIVATE_KEY: PEM }, expected: "error" },
    { name: "a key path but no APP_ID", env: { PRIVATE_KEY_PATH: "/nonexistent.pem" }, expected: "error" },
    { name: "an APP_ID but no key", env: { APP_ID: "123" }, expected: "error" },
  ];
  test.each(cases)("$name → $expected", ({ env, argvRole, expected }) => {
    expect(readSettings({ WEBHOOK_SECRET: "s", ...env }, argvRole).kind).toBe(expected);
  });

  test("set-up mode carries the host and port to listen on", () => {
    expect(readSettings({ HOST: "localhost", PORT: "4000" })).toEqual({
      kind: "setup",
      host: "localhost",
      port: 4000,
    });
  });

  test("production without APP_ID refuses with one line naming APP_ID", () => {
    expectOneLineNaming(readSettings({ NODE_ENV: "production", WEBHOOK_SECRET: "s" }), /^APP_ID\b/);
  });

  test("production with a key but without APP_ID also names APP_ID", () => {
    expectOneLineNaming(
      readSettings({ NODE_ENV: "production", PRIVATE_KEY: PEM, WEBHOOK_SECRET: "s" }),
      "APP_ID",
    );
  });

  test("an APP_ID that is not a number is refused naming it", () => {
    expectOneLineNaming(readSettings({ ...BASE, APP_ID: "my-app" }), /^APP_ID\b/);
  });

  test("an APP_ID without a key names PRIVATE_KEY", () => {
    expectOneLineNaming(readSettings({ APP_ID: "1", WEBHOOK_SECRET: "s" }), "PRIVATE_KEY");
  });
});

describe("readSettings: the private key", () => {
  const base64 = Buffer.from(PEM).toString("base64");
  const flattened = PEM.replaceAll("\n", "\\n");
  const cases: { name: string; value: string; expected: string }[] = [
    { name: "PEM text", value: PEM, expected: PEM.trim() },
    { name: "PEM with surrounding whitespace", value: `\n  ${PEM}\n\n`, expected: PEM.trim() },
    { name: "PEM with literal \\n instead of newlines", value: flattened, expected: PEM.trim() },
    { name: "base64 of the PEM", value: base64, expected: PEM.trim() },
    { name: "a PKCS#8 PEM", value: PKCS8_PEM, expected: PKCS8_PEM.trim() },
  ];
  test.each(cases)("accepts $name", ({ value, expected }) => {
    const settings = ok(readSettings({ ...BASE, PRIVATE_KEY: value }));
    expect(settings.github.privateKey).toBe(expected);
    expect(settings.github.privateKey).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----\n/);
  });

  const refused: { name: string; value: string }[] = [
    { name: "a word", value: "not-a-key" },
    { name: "a public key", value: "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n" },
    { name: "base64 of something else", value: Buffer.from("hello world").toString("base64") },
  ];
  test.each(refused)("refuses $name, naming PRIVATE_KEY", ({ value }) => {
    expectOneLineNaming(readSettings({ ...BASE, PRIVATE_KEY: value }), /^PRIVATE_KEY\b/);
  });

  test("reads PRIVATE_KEY_PATH when PRIVATE_KEY is not given", () => {
    const path = join(dir, "app.pem");
    writeFileSync(path, PEM);
    const { PRIVATE_KEY: _, ...env } = BASE;
    expect(ok(readSettings({ ...env, PRIVATE_KEY_PATH: path })).github.privateKey).toBe(PEM.trim());
  });

  test("an unreadable PRIVATE_KEY_PATH is refused naming the variable and the path", () => {
    const path = join(dir, "missing", "app.pem");
    const { PRIVATE_KEY: _, ...env } = BASE;
    const result = readSettings({ ...env, PRIVATE_KEY_PATH: path });
    expectOneLineNaming(result, "PRIVATE_KEY_PATH");
    expect(errorOf(result)).toContain(path);
  });

  test("a PRIVATE_KEY_PATH file that is not PEM is refused naming PRIVATE_KEY_PATH", () => {
    const path = join(dir, "junk.pem");
    writeFileSync(path, "this is not a key");
    const { PRIVATE_KEY: _, ...env } = BASE;
    expectOneLineNaming(readSettings({ ...env, PRIVATE_KEY_PATH: path }), /^PRIVATE_KEY_PATH\b/);
  });
});

describe("readSettings: the GitHub API base URL", () => {
  const cases: { name: string; env: Record<string, string>; baseUrl: string }[] = [
    { name: "github.com by default", env: {}, baseUrl: "https://api.github.com" },
    {
      name: "GHE_HOST alone is https",
      env: { GHE_HOST: "ghe.acme.dev" },
      baseUrl: "https://ghe.acme.dev/api/v3",
    },
    {
      name: "GHE_HOST with a port and http",
      env: { GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" },
      baseUrl: "http://127.0.0.1:8080/api/v3",
    },
    {
      name: "GHE_PROTOCOL without GHE_HOST changes nothing",
      env: { GHE_PROTOCOL: "http" },
      baseUrl: "https://api.github.com",
    },
  ];
  test.each(cases)("$name", ({ env, baseUrl }) => {
    expect(ok(readSettings({ ...BASE, ...env })).github.baseUrl).toBe(baseUrl);
  });

  const refused: { name: string; env: Record<string, string>; variable: string }[] = [
    { name: "a GHE_HOST with a scheme", env: { GHE_HOST: "https://ghe.acme.dev" }, variable: "GHE_HOST" },
    { name: "a GHE_HOST with a path", env: { GHE_HOST: "ghe.acme.dev/api" }, variable: "GHE_HOST" },
    {
      name: "an unknown GHE_PROTOCOL",
      env: { GHE_HOST: "ghe.acme.dev", GHE_PROTOCOL: "ftp" },
      variable: "GHE_PROTOCOL",
    },
  ];
  test.each(refused)("refuses $name", ({ env, variable }) => {
    expectOneLineNaming(readSettings({ ...BASE, ...env }), new RegExp(`^${variable}\\b`));
  });
});

describe("readSettings: Redis, port and role", () => {
  test("REDIS_URL defaults to the local Redis and is then not explicit", () => {
    const settings = ok(readSettings(BASE));
    expect(settings.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(settings.redisUrlExplicit).toBe(false);
  });

  test.each(["redis://cache.internal:6380/2", "rediss://user:pw@cache.internal:6380"])(
    "REDIS_URL %s is used and explicit",
    (url) => {
      const settings = ok(readSettings({ ...BASE, REDIS_URL: url }));
      expect(settings.redisUrl).toBe(url);
      expect(settings.redisUrlExplicit).toBe(true);
    },
  );

  const refused: { name: string; env: Record<string, string>; variable: RegExp }[] = [
    { name: "a REDIS_URL that is not a URL", env: { REDIS_URL: "localhost:6379" }, variable: /^REDIS_URL\b/ },
    {
      name: "a REDIS_URL with another scheme",
      env: { REDIS_URL: "http://cache:6379" },
      variable: /^REDIS_URL\b/,
    },
    { name: "a PORT that is not a number", env: { PORT: "http" }, variable: /^PORT\b/ },
    { name: "a PORT out of range", env: { PORT: "70000" }, variable: /^PORT\b/ },
    { name: "a negative PORT", env: { PORT: "-1" }, variable: /^PORT\b/ },
    { name: "an unknown ROLE", env: { ROLE: "scheduler" }, variable: /^ROLE\b/ },
    { name: "an unknown LOG_LEVEL", env: { LOG_LEVEL: "verbose" }, variable: /^LOG_LEVEL\b/ },
    {
      name: "a WORKER_CONCURRENCY of 0",
      env: { WORKER_CONCURRENCY: "0" },
      variable: /^WORKER_CONCURRENCY\b/,
    },
  ];
  test.each(refused)("refuses $name, naming the variable", ({ env, variable }) => {
    expectOneLineNaming(readSettings({ ...BASE, ...env }), variable);
  });

  test("an empty PORT (as `PORT=` in a .env file gives) is refused or means 3000, never a random port", () => {
    const result = readSettings({ ...BASE, PORT: "" });
    if (result.kind === "error") expect(result.message).toMatch(/^PORT\b/);
    else expect(ok(result).port).toBe(3000);
  });

  test("PORT, HOST and ROLE are read, with 3000, 0.0.0.0 and all as defaults", () => {
    const defaults = ok(readSettings(BASE));
    expect([defaults.port, defaults.host, defaults.role]).toEqual([3000, "0.0.0.0", "all"]);
    const given = ok(readSettings({ ...BASE, PORT: "8080", HOST: "127.0.0.1", ROLE: "web" }));
    expect([given.port, given.host, given.role]).toEqual([8080, "127.0.0.1", "web"]);
  });

  test("the role given on the command line wins over ROLE", () => {
    expect(ok(readSettings({ ...BASE, ROLE: "web" }, "worker")).role).toBe("worker");
  });
});

describe("readSettings: what tasks receive and what is masked", () => {
  const env = {
    ...BASE,
    TASK_ENV: "DEPLOY_REGION, KUBE_CONTEXT ,NOT_SET,",
    TASK_SECRET_ENV: "DEPLOY_TOKEN,EMPTY_SECRET",
    DEPLOY_REGION: "eu-west-1",
    KUBE_CONTEXT: "prod",
    DEPLOY_TOKEN: "tok-123456789",
    EMPTY_SECRET: "",
    UNLISTED: "never",
  };

  test("TASK_ENV and TASK_SECRET_ENV pick exactly the named variables that are set", () => {
    expect(ok(readSettings(env)).taskEnv).toEqual({
      DEPLOY_REGION: "eu-west-1",
      KUBE_CONTEXT: "prod",
      DEPLOY_TOKEN: "tok-123456789",
      EMPTY_SECRET: "",
    });
  });

  test("nothing is passed to tasks by default", () => {
    expect(ok(readSettings({ ...BASE, DEPLOY_REGION: "eu-west-1" })).taskEnv).toEqual({});
  });

  test("the secrets hold the webhook secret, the private key and every non-empty secret value", () => {
    const secrets = ok(readSettings(env)).secrets;
    expect(secrets).toContain("hook-secret-42");
    expect(secrets).toContain(PEM.trim());
    expect(secrets).toContain("tok-123456789");
    expect(secrets).not.toContain("");
    expect(secrets).not.toContain("eu-west-1");
    expect(secrets).not.toContain("prod");
  });
});
