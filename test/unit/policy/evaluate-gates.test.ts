import { describe, expect, test } from "vitest";
import type { EnvironmentRequirements } from "../../../src/config/repo-config.ts";
import { approverRefusal, isApprover } from "../../../src/policy/gates/approver.ts";
import { evaluateGates } from "../../../src/policy/gates/evaluate-gates.ts";
import type { GateFacts } from "../../../src/policy/gates/gate-facts.ts";
import type { ReasonCode } from "../../../src/policy/reason-codes.ts";
import { checks, gateFacts, OLD_SHA, requirements, review, run, said } from "./gate-fixtures.ts";

const STRICT: Partial<EnvironmentRequirements> = {
  permission: "maintain",
  users: ["bob"],
  approvals: 1,
  checks: { named: ["e2e"] },
};

// Everything wrong at once: role, allowlist, base, approvals, checks.
const UNMET: Partial<GateFacts> = {
  role: "write",
  pullRequest: { number: 7, baseRef: "develop" },
  reviews: [review("carol", "APPROVED", OLD_SHA)],
  checks: checks([run("build", "completed", "failure")]),
};

describe("evaluateGates", () => {
  const cases: {
    name: string;
    require: Partial<EnvironmentRequirements>;
    facts: Partial<GateFacts>;
    expected: readonly ReasonCode[];
  }[] = [
    { name: "no requirements", require: {}, facts: {}, expected: [] },
    {
      name: "every gate unmet: each is named, in order",
      require: STRICT,
      facts: UNMET,
      expected: [
        "insufficient-permission",
        "not-in-allowlist",
        "base-branch-not-allowed",
        "approvals-missing",
        "checks-failing",
        "checks-missing",
      ],
    },
    {
      name: "a dry run skips approvals and checks, but not who may ask or the base",
      require: STRICT,
      facts: { ...UNMET, dryRun: true },
      expected: ["insufficient-permission", "not-in-allowlist", "base-branch-not-allowed"],
    },
    {
      name: "a dry run with nothing read for approvals and checks",
      require: { approvals: 2, checks: { named: ["e2e"] } },
      facts: { dryRun: true, reviews: undefined, checks: undefined },
      expected: [],
    },
    {
      name: "every gate met",
      require: STRICT,
      facts: {
        requester: "bob",
        role: "admin",
        reviews: [review("carol", "APPROVED")],
        checks: checks([run("e2e", "completed", "success")]),
      },
      expected: [],
    },
    {
      name: "approvers alone refuse nothing: the job waits for one",
      require: { approvers: ["carol"] },
      facts: {},
      expected: [],
    },
  ];
  test.each(cases)("$name", ({ require, facts, expected }) => {
    const refusals = evaluateGates(requirements(require), "production", gateFacts(facts));
    expect(refusals.map((r) => r.code)).toEqual(expected);
    for (const refusal of refusals) {
      expect(refusal.message).toContain("production");
      expect(refusal.fix.length).toBeGreaterThan(0);
    }
  });

  test("each refusal says what would satisfy it", () => {
    const refusals = evaluateGates(requirements(STRICT), "production", gateFacts(UNMET));
    expect(said(refusals)).toMatch(/`maintain`/);
    expect(said(refusals)).toMatch(/@bob/);
    expect(said(refusals)).toMatch(/require\.branches/);
    expect(said(refusals)).toMatch(/approve #7/);
    expect(said(refusals)).toMatch(/`e2e`/);
  });
});

describe("isApprover", () => {
  const cases: { name: string; approvers: string[]; login: string; teams: string[]; expected: boolean }[] = [
    { name: "listed by login", approvers: ["alice", "bob"], login: "bob", teams: [], expected: true },
    { name: "listed in another letter case", approvers: ["Bob"], login: "bob", teams: [], expected: true },
    { name: "not listed", approvers: ["alice"], login: "bob", teams: [], expected: false },
    {
      name: "in a listed team",
      approvers: ["@acme/release"],
      login: "bob",
      teams: ["@acme/release"],
      expected: true,
    },
    {
      name: "in another team",
      approvers: ["@acme/release"],
      login: "bob",
      teams: ["@acme/ops"],
      expected: false,
    },
    {
      name: "a team entry is not a login",
      approvers: ["@acme/bob"],
      login: "bob",
      teams: [],
      expected: false,
    },
    { name: "nobody approves an empty list", approvers: [], login: "bob", teams: [], expected: false },
  ];
  test.each(cases)("$name", ({ approvers, login, teams, expected }) => {
    expect(isApprover(approvers, login, teams)).toBe(expected);
  });
});

describe("approverRefusal", () => {
  const base = {
    environment: "production",
    approvers: ["alice", "@acme/release"],
    requester: "alice",
    teamsOfLogin: [] as string[],
  };
  const cases: {
    name: string;
    login: string;
    teamsOfLogin?: string[];
    requester?: string;
    expected: ReasonCode | undefined;
    says?: RegExp;
  }[] = [
    { name: "a member of a listed team", login: "bob", teamsOfLogin: ["@acme/release"], expected: undefined },
    {
      name: "the requester, even though listed",
      login: "alice",
      expected: "self-approval",
      says: /@alice asked for this job, so cannot also approve it/,
    },
    { name: "the requester in another letter case", login: "ALICE", expected: "self-approval" },
    {
      name: "the requester through a team",
      login: "dave",
      requester: "dave",
      teamsOfLogin: ["@acme/release"],
      expected: "self-approval",
    },
    {
      name: "someone not listed",
      login: "mallory",
      expected: "not-an-approver",
      says: /@mallory is not an approver for \*\*production\*\*/,
    },
    { name: "a listed login who did not ask", login: "alice", requester: "bob", expected: undefined },
  ];
  test.each(cases)("$name", ({ login, teamsOfLogin, requester, expected, says }) => {
    const refusal = approverRefusal({
      ...base,
      login,
      teamsOfLogin: teamsOfLogin ?? [],
      requester: requester ?? base.requester,
    });
    expect(refusal?.code).toBe(expected);
    if (says) expect(`${refusal?.message}`).toMatch(says);
    if (refusal) expect(refusal.fix).toContain("@alice or @acme/release");
  });
});
