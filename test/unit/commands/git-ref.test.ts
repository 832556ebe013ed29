import { describe, expect, test } from "vitest";
import { refProblem } from "../../../src/commands/git-ref.ts";

const valid = [
  "main",
  "feature/login-form",
  "v1.2.3",
  "refs/heads/x",
  "release-2024.06",
  "3f2a9c1",
  "3F2A9C1D8E7B6A5F4E3D2C1B0A9F8E7D6C5B4A39",
  "a".repeat(255),
  "déploiement",
  "user@host",
  "a.lock.b",
];

const invalid: [string, string][] = [
  ["a..b", "it contains `..`"],
  ["-rf", "it starts with `-`"],
  ["foo.lock", "a part of it ends with `.lock`"],
  ["refs/heads/x.lock", "a part of it ends with `.lock`"],
  ["foo.lock/bar", "a part of it ends with `.lock`"],
  ["feature/.hidden", "a part of it starts with `.`"],
  [".hidden", "a part of it starts with `.`"],
  ["@", "`@` alone is not a ref"],
  ["main@{1}", "it contains `@{`"],
  ["HEAD~1", "it contains `~`"],
  ["HEAD^", "it contains `^`"],
  ["a:b", "it contains `:`"],
  ["what?", "it contains `?`"],
  ["feat*", "it contains `*`"],
  ["[x", "it contains `[`"],
  [String.raw`a\b`, "it contains `\\`"],
  ["a b", "it contains a space"],
  ["a\tb", "it contains a control character"],
  ["a\u007fb", "it contains a control character"],
  ["foo/", "it starts or ends with `/`"],
  ["/foo", "it starts or ends with `/`"],
  ["a//b", "it contains `//`"],
  ["foo.", "it ends with `.`"],
  ["", "it is empty"],
  ["a".repeat(256), "it is longer than 255 characters"],
];

describe("refProblem", () => {
  test.each(valid)("%s is a valid ref", (ref) => {
    expect(refProblem(ref)).toBeUndefined();
  });

  test.each(invalid)("%s is refused: %s", (ref, problem) => {
    expect(refProblem(ref)).toBe(problem);
  });
});
