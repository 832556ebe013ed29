import type { EnvironmentConfig, EnvironmentRequirements } from "../../src/config/repo-config.ts";
import { DEFAULT_APPROVAL_TTL_MS } from "../../src/config/repo-config.ts";

export const NO_REQUIREMENTS: EnvironmentRequirements = {
  permission: "write",
  approvals: 0,
  checks: undefined,
  approvers: [],
  teams: [],
  users: [],
  branches: [],
  approvalTtlMs: DEFAULT_APPROVAL_TTL_MS,
};

/** An environment with every default; `require` marks it gated, as a `require` block in the YAML does. */
export function environmentConfig(
  overrides: Partial<Omit<EnvironmentConfig, "require">> & {
    require?: Partial<EnvironmentRequirements>;
  } = {},
): EnvironmentConfig {
  const { require, ...rest } = overrides;
  return {
    name: "staging",
    deploy: undefined,
    dryRun: undefined,
    url: undefined,
    autoDeploy: undefined,
    gated: require !== undefined,
    lock: true,
    lockTtlMs: undefined,
    allowForks: false,
    allowShaDeploys: false,
    transient: false,
    teardown: undefined,
    slack: { allowedChannels: [], allowedUsers: [] },
    ...rest,
    require: { ...NO_REQUIREMENTS, ...require },
  };
}
