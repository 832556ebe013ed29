import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  readSlackSettings,
  type SlackSettingsResult,
  slackSecrets,
} from "../../../src/main/slack-settings.ts";

const BOT = "xoxb-1111-2222-abcdefABCDEF";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const APP = "xapp-1-A0SHIPMATE-3333-0123456789abcdef";
const BASE = { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET };

const dir = mkdtempSync(join(tmpdir(), "shipmate-slack-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(result: SlackSettingsResult): string {
  if (result.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  expect(result.message).not.toContain("\n");
  return result.message;
}

describe("readSlackSettings: on or off", () => {
  test.each([
    ["nothing set", {}],
    ["both empty", { SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "" }],
    ["both blank", { SLACK_BOT_TOKEN: "  ", SLACK_SIGNING_SECRET: "\n" }],
    ["only SLACK_API_URL", { SLACK_API_URL: "http://127.0.0.1:9/api/" }],
  ])("off: %s", (_name, env) => {
    expect(readSlackSettings(env)).toEqual({ kind: "off" });
  });

  test("on: the defaults", () => {
    expect(readSlackSettings(BASE)).toEqual({
      kind: "on",
      settings: {
        botToken: BOT,
        signingSecret: SECRET,
        apiUrl: "https://slack.com/api/",
        appToken: undefined,
        usersFile: undefined,
        users: {},
        channelRepos: {},
      },
    });
  });

  test("SLACK_CHANNEL_REPOS gives channels a default repository", () => {
    const result = readSlackSettings({
      ...BASE,
      SLACK_CHANNEL_REPOS: " C024BE91L=acme/shop, #deploys = acme/web ",
    });
    expect(result).toMatchObject({
      kind: "on",
      settings: { channelRepos: { C024BE91L: "acme/shop", "#deploys": "acme/web" } },
    });
  });

  test.each(["C024BE91L", "C024BE91L=acme", "deploys=acme/shop", "#deploys=acme/shop/x"])(
    "SLACK_CHANNEL_REPOS=%s is refused in one line",
    (value) => {
      const result = readSlackSettings({ ...BASE, SLACK_CHANNEL_REPOS: value });
      expect(result.kind === "error" && result.message).toMatch(/^SLACK_CHANNEL_REPOS: .*owner\/repo/);
    },
  );

  test("on: Socket Mode and a fake API", () => {
    const result = readSlackSettings({
      ...BASE,
      SLACK_APP_TOKEN: APP,
      SLACK_API_URL: "http://127.0.0.1:4010/api",
    });
    expect(result).toMatchObject({
      kind: "on",
      settings: { appToken: APP, apiUrl: "http://127.0.0.1:4010/api/" },
    });
  });

  test("values are trimmed: a newline from a secrets file would break every signature", () => {
    const result = readSlackSettings({ SLACK_BOT_TOKEN: ` ${BOT}\n`, SLACK_SIGNING_SECRET: `${SECRET}\n` });
    expect(result).toMatchObject({ kind: "on", settings: { botToken: BOT, signingSecret: SECRET } });
  });
});

describe("readSlackSettings: one clear line naming the variable", () => {
  test.each([
    ["token without secret", { SLACK_BOT_TOKEN: BOT }, /^SLACK_SIGNING_SECRET is not set/],
    ["secret without token", { SLACK_SIGNING_SECRET: SECRET }, /^SLACK_BOT_TOKEN is not set/],
    [
      "secret with an empty token",
      { SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: SECRET },
      /^SLACK_BOT_TOKEN is not set/,
    ],
    [
      "an app token alone",
      { SLACK_APP_TOKEN: APP },
      /^SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/,
    ],
    ["a users file alone", { SLACK_USERS_FILE: "/x.yml" }, /^SLACK_USERS_FILE is set but/],
    [
      "a user token as bot token",
      { ...BASE, SLACK_BOT_TOKEN: "xoxp-1-2" },
      /^SLACK_BOT_TOKEN: .*xoxb-.*user token/,
    ],
    ["the app token as bot token", { ...BASE, SLACK_BOT_TOKEN: APP }, /^SLACK_BOT_TOKEN: .*app-level token/],
    [
      "something else as bot token",
      { ...BASE, SLACK_BOT_TOKEN: "hunter2" },
      /^SLACK_BOT_TOKEN: expected a token starting with xoxb-\.$/,
    ],
    ["the bot token as app token", { ...BASE, SLACK_APP_TOKEN: BOT }, /^SLACK_APP_TOKEN: .*xapp-.*bot token/],
    [
      "an ftp API URL",
      { ...BASE, SLACK_API_URL: "ftp://slack.com/api/" },
      /^SLACK_API_URL: expected an http/,
    ],
    ["a non-URL API URL", { ...BASE, SLACK_API_URL: "slack.com/api" }, /^SLACK_API_URL: expected an http/],
    [
      "an API URL with a query",
      { ...BASE, SLACK_API_URL: "https://slack.com/api/?x=1" },
      /^SLACK_API_URL: must not have a query/,
    ],
  ])("%s", (_name, env, pattern) => {
    expect(errorOf(readSlackSettings(env))).toMatch(pattern);
  });

  test("no message repeats a secret it was given", () => {
    for (const env of [
      { SLACK_BOT_TOKEN: "hunter2-secret-bot", SLACK_SIGNING_SECRET: SECRET },
      { ...BASE, SLACK_APP_TOKEN: "xoxb-pasted-in-the-wrong-place" },
    ]) {
      const message = errorOf(readSlackSettings(env));
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain("hunter2-secret-bot");
      expect(message).not.toContain("pasted-in-the-wrong-place");
    }
  });
});

describe("readSlackSettings: SLACK_USERS_FILE", () => {
  test.each([
    ["YAML", "users.yml", "U024BE7LH: alice\nW012ABCDE: bob-smith\n"],
    ["JSON", "users.json", '{ "U024BE7LH": "alice", "W012ABCDE": "bob-smith" }'],
    [
      "the config's `users:` block",
      "users-block.yml",
      "users:\n  U024BE7LH: alice\n  W012ABCDE: bob-smith\n",
    ],
  ])("%s", (_name, name, text) => {
    const path = file(name, text);
    expect(readSlackSettings({ ...BASE, SLACK_USERS_FILE: path })).toMatchObject({
      kind: "on",
      settings: { usersFile: path, users: { U024BE7LH: "alice", W012ABCDE: "bob-smith" } },
    });
  });

  test("an empty file maps nobody", () => {
    const path = file("empty.yml", "");
    expect(readSlackSettings({ ...BASE, SLACK_USERS_FILE: path })).toMatchObject({ settings: { users: {} } });
  });

  test.each([
    ["a missing file", undefined, /^SLACK_USERS_FILE: cannot read .*missing\.yml \(ENOENT\)\.$/],
    ["not YAML", "U024BE7LH: [alice\n", /^SLACK_USERS_FILE: .* is not YAML or JSON/],
    ["a list", "- alice\n", /expected a mapping of Slack user ids to GitHub logins/],
    ["a bad Slack id", "alice: alice\n", /`alice`: expected a Slack user id like `U024BE7LH`\.$/],
    ["a bad login", "U024BE7LH: al ice\n", /`U024BE7LH`: expected a GitHub login/],
    ["a login that is not a string", "U024BE7LH: 42\n", /`U024BE7LH`: .*expected string/],
    [
      "a bad entry in a `users:` block",
      "users:\n  U024BE7LH: '@acme/team'\n",
      /`U024BE7LH`: expected a GitHub login/,
    ],
  ])("%s", (name, text, pattern) => {
    const path =
      text === undefined ? join(dir, "missing.yml") : file(`${name.replaceAll(" ", "-")}.yml`, text);
    expect(errorOf(readSlackSettings({ ...BASE, SLACK_USERS_FILE: path }))).toMatch(pattern);
  });
});

describe("slackSecrets", () => {
  test("the bot token, the signing secret and the app token, when set", () => {
    const on = readSlackSettings({ ...BASE, SLACK_APP_TOKEN: APP });
    if (on.kind !== "on") throw new Error("expected Slack on");
    expect(slackSecrets(on.settings)).toEqual([BOT, SECRET, APP]);
    const noApp = readSlackSettings(BASE);
    if (noApp.kind !== "on") throw new Error("expected Slack on");
    expect(slackSecrets(noApp.settings)).toEqual([BOT, SECRET]);
  });
});
