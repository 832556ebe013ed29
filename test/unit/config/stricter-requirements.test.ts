import { describe, expect, test } from "vitest";
import type { RawRequirements } from "../../../src/config/raw-environment.schema.ts";
import type { EnvironmentRequirements } from "../../../src/config/repo-config.ts";
import { stricterRequirements } from "../../../src/config/stricter-requirements.ts";
import { NO_REQUIREMENTS } from "../../support/environment-fixture.ts";

const base = (fields: Partial<EnvironmentRequirements> = {}): EnvironmentRequirements => ({
  ...NO_REQUIREMENTS,
  ...fields,
});

describe("stricterRequirements: migrate_require on top of require, field by field", () => {
  test.each<[string, Partial<EnvironmentRequirements>, RawRequirements, Partial<EnvironmentRequirements>]>([
    ["nothing extra", {}, {}, {}],
    [
      "a higher permission wins",
      { permission: "write" },
      { permission: "maintain" },
      { permission: "maintain" },
    ],
    [
      "a lower permission does not loosen",
      { permission: "admin" },
      { permission: "write" },
      { permission: "admin" },
    ],
    ["more approvals win", { approvals: 1 }, { approvals: 2 }, { approvals: 2 }],
    ["fewer approvals do not loosen", { approvals: 2 }, { approvals: 0 }, { approvals: 2 }],
    ["checks: true where none were asked", {}, { checks: true }, { checks: { named: [] } }],
    [
      "named checks of both",
      { checks: { named: ["build"] } },
      { checks: ["db", "build"] },
      { checks: { named: ["build", "db"] } },
    ],
    [
      "checks: false does not loosen",
      { checks: { named: ["build"] } },
      { checks: false },
      { checks: { named: ["build"] } },
    ],
    [
      "migrate approvers name who approves migrations",
      { approvers: ["alice"] },
      { approvers: ["@acme/dba"] },
      { approvers: ["@acme/dba"] },
    ],
    ["approvers where there were none", {}, { approvers: ["carol"] }, { approvers: ["carol"] }],
    [
      "an empty approvers list does not loosen",
      { approvers: ["alice"] },
      { approvers: [] },
      { approvers: ["alice"] },
    ],
    [
      "a migrate allowlist replaces both lists",
      { users: ["bob"], teams: ["@acme/devs"] },
      { teams: ["@acme/dba"] },
      { users: [], teams: ["@acme/dba"] },
    ],
    ["an empty allowlist does not loosen", { users: ["bob"] }, { users: [], teams: [] }, { users: ["bob"] }],
    [
      "only base branches both allow",
      { branches: ["release", "hotfix"] },
      { branches: ["hotfix", "next"] },
      { branches: ["hotfix"] },
    ],
    ["branches not named keep the environment's", { branches: ["release"] }, {}, { branches: ["release"] }],
    [
      "the shorter approval time",
      { approvalTtlMs: 3_600_000 },
      { approval_ttl: 600_000 },
      { approvalTtlMs: 600_000 },
    ],
    [
      "a longer approval time does not loosen",
      { approvalTtlMs: 600_000 },
      { approval_ttl: 3_600_000 },
      { approvalTtlMs: 600_000 },
    ],
  ])("%s", (_name, require, extra, expected) => {
    expect(stricterRequirements(base(require), extra)).toEqual(base({ ...require, ...expected }));
  });
});
