import { describe, expect, test } from "vitest";
import { type AccessFacts, decideJobPageAccess } from "../../../src/web/job-page-access.ts";

const EXPIRED = { kind: "expired", expiredAt: Date.UTC(2026, 0, 2, 3, 4) } as const;

describe("decideJobPageAccess", () => {
  const cases: {
    name: string;
    facts: AccessFacts;
    status: number | "allowed";
    challenge?: boolean;
    says?: RegExp;
  }[] = [
    {
      name: "a valid link",
      facts: { operator: "none", link: { kind: "valid" }, operatorsEnabled: false },
      status: "allowed",
    },
    {
      name: "the operator login",
      facts: { operator: "valid", link: undefined, operatorsEnabled: true },
      status: "allowed",
    },
    {
      name: "a valid link and stale wrong credentials",
      facts: { operator: "wrong", link: { kind: "valid" }, operatorsEnabled: true },
      status: "allowed",
    },
    {
      name: "the operator login and an expired link",
      facts: { operator: "valid", link: EXPIRED, operatorsEnabled: true },
      status: "allowed",
    },
    {
      name: "a wrong password",
      facts: { operator: "wrong", link: undefined, operatorsEnabled: true },
      status: 401,
      challenge: true,
      says: /password is wrong/,
    },
    {
      name: "credentials where operators are off",
      facts: { operator: "wrong", link: undefined, operatorsEnabled: false },
      status: 403,
      challenge: false,
      says: /OPERATOR_PASSWORD is not set/,
    },
    {
      name: "an expired link, operators on",
      facts: { operator: "none", link: EXPIRED, operatorsEnabled: true },
      status: 401,
      challenge: true,
      says: /expired at 2026-01-02 03:04 UTC.*operator can sign in/,
    },
    {
      name: "an expired link, operators off",
      facts: { operator: "none", link: EXPIRED, operatorsEnabled: false },
      status: 403,
      challenge: false,
      says: /expired at 2026-01-02 03:04 UTC/,
    },
    {
      name: "a tampered link",
      facts: { operator: "none", link: { kind: "invalid" }, operatorsEnabled: true },
      status: 403,
      challenge: false,
      says: /not valid/,
    },
    {
      name: "nothing, operators on",
      facts: { operator: "none", link: undefined, operatorsEnabled: true },
      status: 401,
      challenge: true,
      says: /signed link.*operator/,
    },
    {
      name: "nothing, operators off",
      facts: { operator: "none", link: undefined, operatorsEnabled: false },
      status: 403,
      challenge: false,
      says: /signed link/,
    },
  ];
  test.each(cases)("$name → $status", ({ facts, status, challenge, says }) => {
    const access = decideJobPageAccess(facts);
    if (status === "allowed") {
      expect(access.kind).toBe("allowed");
      return;
    }
    expect(access).toMatchObject({ kind: "refused", status, challenge });
    if (access.kind === "refused") expect(access.message).toMatch(says ?? /./);
  });
});
