import { describe, expect, test } from "vitest";
import { parseCommandLine } from "../../../src/commands/parse-command-line.ts";
import { readSlackCommand } from "../../../src/commands/slack-target.ts";

const acme = (extra: Partial<{ pullRequest: number; ref: string }> = {}) => ({
  owner: "acme",
  repo: "shop",
  pullRequest: undefined,
  ref: undefined,
  ...extra,
});

describe("readSlackCommand", () => {
  test.each([
    ["deploy acme/shop#42 to staging", "/deploy to staging", acme({ pullRequest: 42 })],
    [
      "deploy acme/shop#42 staging version=2 --dry-run",
      "/deploy staging version=2 --dry-run",
      acme({ pullRequest: 42 }),
    ],
    ["deploy acme/shop@main to production", "/deploy main to production", acme({ ref: "main" })],
    ["deploy acme/shop@v1.2 production", "/deploy v1.2 to production", acme({ ref: "v1.2" })],
    ["rollback acme/shop production", "/rollback production", acme()],
    [
      "lock acme/shop#42 production release freeze",
      "/lock production release freeze",
      acme({ pullRequest: 42 }),
    ],
    ["status acme/shop", "/status", acme()],
    ["Deploy acme/shop#7", "/Deploy", acme({ pullRequest: 7 })],
    ["/deploy acme/shop#7 staging", "/deploy staging", acme({ pullRequest: 7 })],
  ])("%s", (text, line, target) => {
    expect(readSlackCommand(text)).toEqual({ kind: "line", line, target, needsTarget: true });
  });

  test.each([
    [
      "deploy shop#42 to staging",
      "/deploy to staging",
      { owner: undefined, repo: "shop", pullRequest: 42, ref: undefined },
    ],
    [
      "deploy shop@main production",
      "/deploy main to production",
      { owner: undefined, repo: "shop", pullRequest: undefined, ref: "main" },
    ],
  ])("a short name: %s", (text, line, target) => {
    expect(readSlackCommand(text)).toEqual({ kind: "line", line, target, needsTarget: true });
  });

  test.each([
    ["cancel task-12-1", "/cancel task-12-1"],
    ["approve task-12-1", "/approve task-12-1"],
    ["help", "/help"],
    ["", "/help"],
  ])("%s needs no repository", (text, line) => {
    expect(readSlackCommand(text)).toEqual({ kind: "line", line, target: undefined, needsTarget: false });
  });

  test.each([
    ["deploy staging", "/deploy staging"],
    ["status", "/status"],
    ["rollback production", "/rollback production"],
  ])("%s without a target falls back to the channel's repository", (text, line) => {
    expect(readSlackCommand(text)).toEqual({ kind: "line", line, target: undefined, needsTarget: true });
  });

  test.each([
    ["rollback acme/shop@main production", /Only `deploy` takes a ref/],
    ["deploy acme/shop@bad..ref to staging", /not a valid git ref/],
  ])("%s is answered, not run", (text, message) => {
    const read = readSlackCommand(text);
    expect(read.kind).toBe("reply");
    expect(read.kind === "reply" && read.message).toMatch(message);
  });

  test("the line it gives is read by the same parser as a PR comment", () => {
    const read = readSlackCommand("deploy acme/shop@main to production --dry-run");
    expect(read.kind === "line" && parseCommandLine(read.line)).toEqual({
      kind: "run",
      command: { kind: "deploy", environment: "production", ref: "main", params: {}, dryRun: true },
    });
  });

  test("hostile text stays text", () => {
    const read = readSlackCommand("deploy acme/shop#1 staging note=$(touch${IFS}/tmp/x)");
    expect(read.kind === "line" && parseCommandLine(read.line)).toMatchObject({
      kind: "run",
      command: { params: { note: "$(touch${IFS}/tmp/x)" } },
    });
  });

  test("whitespace inside a quoted value is kept, wherever the target stands", () => {
    for (const text of [
      "deploy acme/shop#1 to staging note='a  b\tc\nd'",
      "deploy to staging acme/shop#1 note='a  b\tc\nd'",
    ]) {
      const read = readSlackCommand(text);
      expect(read.kind === "line" && parseCommandLine(read.line)).toMatchObject({
        kind: "run",
        command: { environment: "staging", params: { note: "a  b\tc\nd" } },
      });
    }
  });

  test("a ref with quotes in it (git allows them) is deployed as named", () => {
    const read = readSlackCommand(`deploy acme/shop@it's"x to staging`);
    expect(read.kind === "line" && parseCommandLine(read.line)).toMatchObject({
      kind: "run",
      command: { environment: "staging", ref: `it's"x` },
    });
  });
});
