import { describe, expect, test } from "vitest";
import {
  isGitHubLogin,
  joinOr,
  mention,
  mentionApprover,
  personName,
  pullRequestRef,
} from "../../../src/reporting/render/people.ts";

const ZWJ = "\u200d";

describe("mention and personName", () => {
  test.each([
    { login: "alice", mention: "@alice", name: `@${ZWJ}alice` },
    { login: "a-b-9", mention: "@a-b-9", name: `@${ZWJ}a-b-9` },
    { login: "dependabot[bot]", mention: "@dependabot[bot]", name: `@${ZWJ}dependabot\\[bot\\]` },
    { login: "U024 @bob", mention: `U024 @${ZWJ}bob`, name: `U024 @${ZWJ}bob` },
    { login: "-dash", mention: "\\-dash", name: "\\-dash" },
    { login: "<b>x</b>", mention: "\\<b\\>x\\</b\\>", name: "\\<b\\>x\\</b\\>" },
    { login: "everyone everywhere", mention: "everyone everywhere", name: "everyone everywhere" },
  ])("$login", ({ login, mention: mentioned, name }) => {
    expect(mention(login)).toBe(mentioned);
    expect(personName(login)).toBe(name);
  });

  test("a name that is not a login is cut", () => {
    expect(mention(`x ${"y".repeat(500)}`).length).toBeLessThanOrEqual(60);
    expect(personName(`x ${"y".repeat(500)}`).length).toBeLessThanOrEqual(60);
  });

  test.each([
    ["alice", true],
    ["a".repeat(39), true],
    ["a".repeat(40), false],
    ["@alice", false],
    ["al ice", false],
    ["", false],
  ])("isGitHubLogin(%s) is %s", (text, expected) => {
    expect(isGitHubLogin(text)).toBe(expected);
  });
});

describe("mentionApprover", () => {
  test.each([
    { entry: "alice", expected: "@alice" },
    { entry: "@alice", expected: "@alice" },
    { entry: "@acme/release", expected: "@acme/release" },
    { entry: "@acme/release_team-2", expected: "@acme/release_team-2" },
    { entry: "acme/release", expected: "acme/release" },
    { entry: "@acme/<b>", expected: `@${ZWJ}acme/\\<b\\>` },
    { entry: "@everyone here", expected: `@${ZWJ}everyone here` },
  ])("$entry → $expected", ({ entry, expected }) => {
    expect(mentionApprover(entry)).toBe(expected);
  });
});

describe("pullRequestRef", () => {
  test.each<{ pr: number | undefined; expected: string }>([
    { pr: 12, expected: "#12" },
    { pr: undefined, expected: "a job" },
    { pr: 0, expected: "a job" },
    { pr: 1.5, expected: "a job" },
    { pr: Number.NaN, expected: "a job" },
  ])("$pr → $expected", ({ pr, expected }) => {
    expect(pullRequestRef(pr)).toBe(expected);
  });
});

describe("joinOr", () => {
  test.each([
    { items: [], max: 5, expected: "" },
    { items: ["a"], max: 5, expected: "a" },
    { items: ["a", "b"], max: 5, expected: "a or b" },
    { items: ["a", "b", "c"], max: 5, expected: "a, b or c" },
    { items: ["a", "b", "c", "d"], max: 2, expected: "a, b or 2 more" },
  ])("$items (max $max)", ({ items, max, expected }) => {
    expect(joinOr(items, max)).toBe(expected);
  });
});
