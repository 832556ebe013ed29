import { describe, expect, test } from "vitest";
import type { HoldView } from "../../../src/jobs/hold-view.ts";
import { decodeHold, encodeHold } from "../../../src/locks/hold-codec.ts";
import {
  decideTake,
  describeHold,
  isExpired,
  mayRelease,
  type TakeRequest,
} from "../../../src/locks/hold-rules.ts";

const HOLD: HoldView = {
  environment: "Production",
  pullRequest: 41,
  login: "alice",
  reason: "release freeze",
  at: 1_000,
  expiresAt: 5_000,
};

function request(overrides: Partial<TakeRequest> = {}): TakeRequest {
  return {
    environment: "production",
    pullRequest: 42,
    login: "bob",
    reason: undefined,
    ttlMs: undefined,
    ...overrides,
  };
}

describe("isExpired", () => {
  test.each([
    { expiresAt: undefined, now: 10 ** 15, expired: false },
    { expiresAt: 5_000, now: 4_999, expired: false },
    { expiresAt: 5_000, now: 5_000, expired: true },
    { expiresAt: 5_000, now: 9_000, expired: true },
  ])("expiresAt $expiresAt at $now → $expired", ({ expiresAt, now, expired }) => {
    expect(isExpired({ ...HOLD, expiresAt }, now)).toBe(expired);
  });
});

describe("decideTake", () => {
  test.each([
    {
      name: "a free environment is taken, with the expiry from ttl",
      current: undefined,
      req: request({ reason: "demo", ttlMs: 100 }),
      now: 2_000,
      expected: {
        kind: "taken",
        hold: {
          environment: "production",
          pullRequest: 42,
          login: "bob",
          reason: "demo",
          at: 2_000,
          expiresAt: 2_100,
        },
      },
    },
    {
      name: "an expired hold counts as none",
      current: HOLD,
      req: request(),
      now: 5_000,
      expected: {
        kind: "taken",
        hold: {
          environment: "production",
          pullRequest: 42,
          login: "bob",
          reason: undefined,
          at: 5_000,
          expiresAt: undefined,
        },
      },
    },
    {
      name: "another pull request's live hold refuses",
      current: HOLD,
      req: request(),
      now: 2_000,
      expected: { kind: "held-by-other", hold: HOLD },
    },
    {
      name: "the same pull request renews: new reason and expiry, same holder and start",
      current: HOLD,
      req: request({ pullRequest: 41, login: "carol", reason: "hotfix", ttlMs: 10_000 }),
      now: 2_000,
      expected: { kind: "renewed", hold: { ...HOLD, reason: "hotfix", expiresAt: 12_000 } },
    },
    {
      name: "a renewal without a reason keeps the old one",
      current: HOLD,
      req: request({ pullRequest: 41 }),
      now: 2_000,
      expected: { kind: "renewed", hold: { ...HOLD, expiresAt: undefined } },
    },
  ])("$name", ({ current, req, now, expected }) => {
    expect(decideTake(current, req, now)).toEqual(expected);
  });
});

describe("mayRelease", () => {
  test.each([
    { login: "alice", isAdmin: false, allowed: true },
    { login: "ALICE", isAdmin: false, allowed: true },
    { login: "bob", isAdmin: false, allowed: false },
    { login: "bob", isAdmin: true, allowed: true },
  ])("$login (admin: $isAdmin) → $allowed", ({ login, isAdmin, allowed }) => {
    expect(mayRelease(HOLD, login, isAdmin)).toBe(allowed);
  });
});

test("describeHold names the holder, the pull request and the reason", () => {
  expect(describeHold(HOLD)).toBe("held by @alice for #41 (release freeze)");
  expect(describeHold({ ...HOLD, reason: undefined })).toBe("held by @alice for #41");
});

test("a hold survives encoding, undefined fields included", () => {
  const bare = { ...HOLD, reason: undefined, expiresAt: undefined };
  expect(decodeHold(encodeHold(HOLD))).toStrictEqual(HOLD);
  expect(decodeHold(encodeHold(bare))).toStrictEqual(bare);
});
