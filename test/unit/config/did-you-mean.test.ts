import { describe, expect, test } from "vitest";
import { didYouMean } from "../../../src/config/did-you-mean.ts";

const ENVIRONMENT_KEYS = [
  "deploy",
  "dry_run",
  "url",
  "auto_deploy",
  "require",
  "lock",
  "lock_ttl",
  "teardown",
];

describe("didYouMean", () => {
  test.each([
    ["deplyo", "deploy"],
    ["deply", "deploy"],
    ["dryRun", "dry_run"],
    ["auto-deploy", "auto_deploy"],
    ["requires", "require"],
    ["URL", "url"],
    ["lockttl", "lock_ttl"],
    ["ur", "url"],
  ])("%s → %s", (word, suggestion) => {
    expect(didYouMean(word, ENVIRONMENT_KEYS)).toBe(suggestion);
  });

  test.each([["environment"], ["uri_x"], ["x"], ["script"]])("%s has no close match", (word) => {
    expect(didYouMean(word, ENVIRONMENT_KEYS)).toBeUndefined();
  });
});
