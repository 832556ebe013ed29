import { ROLES } from "../shared/roles.ts";
import type { RawRequirements } from "./raw-environment.schema.ts";
import type { EnvironmentRequirements, RequiredChecks } from "./repo-config.ts";

/**
 * The gates of `migrate_require` on top of `require`, field by field the stricter: the higher
 * permission and approval count, every check either asks for, the base branches both allow, the
 * shorter approval time. A list of people (`users` and `teams` together, or `approvers`) cannot be
 * compared without reading team memberships, so `migrate_require`'s list, when it names anyone,
 * is the one that applies; an empty or absent one never loosens the environment's.
 */
export function stricterRequirements(
  base: EnvironmentRequirements,
  extra: RawRequirements,
): EnvironmentRequirements {
  const allowlist = [...(extra.users ?? []), ...(extra.teams ?? [])];
  return {
    permission:
      extra.permission !== undefined && ROLES.indexOf(extra.permission) > ROLES.indexOf(base.permission)
        ? extra.permission
        : base.permission,
    approvals: Math.max(base.approvals, extra.approvals ?? 0),
    checks: bothChecks(base.checks, extra.checks),
    approvers: extra.approvers !== undefined && extra.approvers.length > 0 ? extra.approvers : base.approvers,
    teams: allowlist.length > 0 ? (extra.teams ?? []) : base.teams,
    users: allowlist.length > 0 ? (extra.users ?? []) : base.users,
    branches:
      extra.branches === undefined
        ? base.branches
        : base.branches.filter((branch) => extra.branches?.includes(branch)),
    approvalTtlMs: Math.min(base.approvalTtlMs, extra.approval_ttl ?? base.approvalTtlMs),
  };
}

// `checks: true` (or `[]`) asks for everything green; a list also names checks that must be there.
function bothChecks(
  base: RequiredChecks | undefined,
  extra: boolean | readonly string[] | undefined,
): RequiredChecks | undefined {
  if (extra === undefined || extra === false) return base;
  const named = extra === true ? [] : extra;
  return { named: [...new Set([...(base?.named ?? []), ...named])] };
}
