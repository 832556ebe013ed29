/** Repository roles in ascending order of power, as GitHub names them in `role_name`. */
export const ROLES = ["read", "triage", "write", "maintain", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What GitHub reports for someone with no access to the repository at all: it meets no role. */
export const NO_ACCESS = "none";
/** A person's access to a repository: one of the roles, or none. */
export type Access = Role | typeof NO_ACCESS;

/** True when `held` is at least as powerful as `needed`. */
export function roleAtLeast(held: Access, needed: Role): boolean {
  return held !== NO_ACCESS && ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
