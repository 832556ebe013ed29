import { describe, expect, test } from "vitest";
import type { EnvironmentRequirements } from "../../../src/config/repo-config.ts";
import { allowlistGate } from "../../../src/policy/gates/allowlist-gate.ts";
import { branchesGate } from "../../../src/policy/gates/branches-gate.ts";
import type { GateFacts } from "../../../src/policy/gates/gate-facts.ts";
import { permissionGate } from "../../../src/policy/gates/permission-gate.ts";
import type { ReasonCode } from "../../../src/policy/reason-codes.ts";
import { ROLES, type Role } from "../../../src/shared/roles.ts";
import { gateFacts, requirements, said } from "./gate-fixtures.ts";

interface Case {
  name: string;
  require: Partial<EnvironmentRequirements>;
  facts?: Partial<GateFacts>;
  expected: readonly ReasonCode[];
  says?: RegExp[];
}

describe("permissionGate", () => {
  const cases = ROLES.flatMap((role) =>
    ROLES.map((needed: Role) => ({ role, needed, allowed: ROLES.indexOf(role) >= ROLES.indexOf(needed) })),
  );
  test.each(cases)("$role where $needed is needed → allowed: $allowed", ({ role, needed, allowed }) => {
    const refusals = permissionGate(requirements({ permission: needed }), "production", gateFacts({ role }));
    expect(refusals.map((r) => r.code)).toEqual(allowed ? [] : ["insufficient-permission"]);
  });

  test("the refusal names the requester, the role held, the environment and the permission needed", () => {
    const refusals = permissionGate(
      requirements({ permission: "maintain" }),
      "production",
      gateFacts({ requester: "mallory", role: "triage" }),
    );
    expect(said(refusals)).toMatch(/@mallory has `triage`.*\*\*production\*\* needs `maintain`/);
  });
});

describe("allowlistGate: require.users and require.teams", () => {
  const cases: Case[] = [
    { name: "no lists: anyone with the permission", require: {}, expected: [] },
    { name: "listed in users", require: { users: ["bob", "alice"] }, expected: [] },
    { name: "listed in users in another letter case", require: { users: ["ALICE"] }, expected: [] },
    {
      name: "not in users",
      require: { users: ["bob", "carol"] },
      expected: ["not-in-allowlist"],
      says: [/@alice is not among those who may deploy to \*\*production\*\*: @bob or @carol/],
    },
    { name: "a login written in teams", require: { teams: ["alice"] }, expected: [] },
    {
      name: "a member of a listed team",
      require: { teams: ["@acme/ops", "@acme/release"] },
      facts: { requesterTeams: ["@acme/release"] },
      expected: [],
    },
    {
      name: "team names compare without letter case",
      require: { teams: ["@Acme/Ops"] },
      facts: { requesterTeams: ["@acme/ops"] },
      expected: [],
    },
    {
      name: "a member of no listed team",
      require: { teams: ["@acme/ops"] },
      expected: ["not-in-allowlist"],
      says: [/@acme\/ops/, /require\.users.*require\.teams/],
    },
    {
      name: "membership of a team not listed counts for nothing",
      require: { teams: ["@acme/ops"] },
      facts: { requesterTeams: ["@acme/other"] },
      expected: ["not-in-allowlist"],
    },
    {
      name: "users and teams together: either one is enough",
      require: { users: ["bob"], teams: ["@acme/ops"] },
      facts: { requesterTeams: ["@acme/ops"] },
      expected: [],
    },
    {
      name: "users and teams together, in neither",
      require: { users: ["bob"], teams: ["@acme/ops"] },
      expected: ["not-in-allowlist"],
      says: [/@bob or @acme\/ops/],
    },
  ];
  test.each(cases)("$name", ({ require, facts, expected, says }) => {
    const refusals = allowlistGate(requirements(require), "production", gateFacts(facts));
    expect(refusals.map((r) => r.code)).toEqual(expected);
    for (const pattern of says ?? []) expect(said(refusals)).toMatch(pattern);
  });
});

describe("branchesGate: the pull request's base", () => {
  const cases: Case[] = [
    { name: "into the default branch", require: {}, expected: [] },
    {
      name: "into another branch",
      require: {},
      facts: { pullRequest: { number: 7, baseRef: "develop" } },
      expected: ["base-branch-not-allowed"],
      says: [
        /#7 targets `develop`; \*\*production\*\* only deploys pull requests into `main`\./,
        /base to `main`, or add `develop` to `require.branches`/,
      ],
    },
    {
      name: "into a branch listed in require.branches",
      require: { branches: ["release/1.x", "develop"] },
      facts: { pullRequest: { number: 7, baseRef: "develop" } },
      expected: [],
    },
    {
      name: "into a branch not listed names the ones allowed",
      require: { branches: ["release/1.x"] },
      facts: { pullRequest: { number: 7, baseRef: "feature/base" } },
      expected: ["base-branch-not-allowed"],
      says: [/into `main`, `release\/1\.x`/],
    },
    {
      name: "branch names keep their letter case",
      require: { branches: ["Develop"] },
      facts: { pullRequest: { number: 7, baseRef: "develop" } },
      expected: ["base-branch-not-allowed"],
    },
    {
      name: "a default branch that is not main",
      require: {},
      facts: { defaultBranch: "trunk", pullRequest: { number: 7, baseRef: "trunk" } },
      expected: [],
    },
    {
      name: "a ref deployed by name has no base to check",
      require: { branches: ["release"] },
      facts: { pullRequest: undefined },
      expected: [],
    },
  ];
  test.each(cases)("$name", ({ require, facts, expected, says }) => {
    const refusals = branchesGate(requirements(require), "production", gateFacts(facts));
    expect(refusals.map((r) => r.code)).toEqual(expected);
    for (const pattern of says ?? []) expect(said(refusals)).toMatch(pattern);
  });
});
