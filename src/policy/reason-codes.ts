/** Every reason Shipmate refuses a command, as a closed list. */
export const REASON_CODES = [
  "config-missing",
  "config-invalid",
  "no-environments",
  "unknown-environment",
  "environment-needs-name",
  "no-deploy-task",
  "insufficient-permission",
  "fork-not-allowed",
  "pull-request-closed",
  "sha-deploys-not-allowed",
  "pull-request-ref-not-allowed",
  "ref-not-found",
  "pull-request-needed",
  // Gates, from an environment's `require` block.
  "not-in-allowlist",
  "approvals-missing",
  "changes-requested",
  "checks-failing",
  "checks-pending",
  "checks-missing",
  "base-branch-not-allowed",
  // Approvals given with `/approve`, holds and rollbacks.
  "approval-expired",
  "approval-stale",
  "self-approval",
  "not-an-approver",
  "locked-by-other",
  "no-previous-deployment",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Why a command was refused, in the words the requester needs: what is wrong and what would allow it. */
export interface Refusal {
  code: ReasonCode;
  message: string;
  fix: string;
}

export type AuthzDecision = { kind: "allow" } | { kind: "deny"; reasons: readonly Refusal[] };
