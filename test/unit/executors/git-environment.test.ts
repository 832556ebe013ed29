import { expect, test } from "vitest";
import { basicCredentials, buildGitEnvironment } from "../../../src/executors/workspace/git-environment.ts";

const TOKEN = "ghs_gitEnvToken0123456789";

test("the token travels only as a Basic x-access-token extra header", () => {
  const env = buildGitEnvironment(TOKEN, "/ws/home", { PATH: "/bin" });
  expect(env).toEqual({
    PATH: "/bin",
    HOME: "/ws/home",
    GIT_CONFIG_NOSYSTEM: "1",
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: "https:http:file",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.extraHeader",
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`,
  });
  expect(Object.values(env).join("\n")).not.toContain(TOKEN);
});

test("only the network variables of the server's environment pass", () => {
  const env = buildGitEnvironment(TOKEN, "/h", {
    PATH: "/bin",
    HTTPS_PROXY: "http://proxy:3128",
    GIT_SSL_CAINFO: "/etc/ghe-ca.pem",
    SHIPMATE_CANARY: "leaked",
    GIT_DIR: "/elsewhere",
    WEBHOOK_SECRET: "hush",
  });
  expect(env).toMatchObject({ HTTPS_PROXY: "http://proxy:3128", GIT_SSL_CAINFO: "/etc/ghe-ca.pem" });
  expect(Object.keys(env)).not.toContain("SHIPMATE_CANARY");
  expect(Object.keys(env)).not.toContain("GIT_DIR");
  expect(Object.keys(env)).not.toContain("WEBHOOK_SECRET");
});

test("no token, no header", () => {
  const env = buildGitEnvironment("", "/h", {});
  expect(env.GIT_CONFIG_COUNT).toBe("0");
  expect(env.GIT_CONFIG_KEY_0).toBeUndefined();
  expect(env.PATH).toMatch(/\/usr\/bin/);
});

test("basicCredentials", () => {
  expect(Buffer.from(basicCredentials("abc"), "base64").toString()).toBe("x-access-token:abc");
});
