import { z } from "zod";

/** What an audit event records; later stages add their actions here, never free text. */
export const AUDIT_ACTIONS = [
  "lock",
  "unlock",
  "lock-expired",
  "lock-released",
  "lock-refused",
  "command",
  "refusal",
  "approval",
  "rejection",
  "cancel",
  "job-end",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_SURFACES = ["github", "slack", "system"] as const;
export type AuditSurface = (typeof AUDIT_SURFACES)[number];

/** The name audit events carry as `actor` when Shipmate itself made the change (expiry, merge). */
export const SYSTEM_ACTOR = "shipmate";

/** One entry of the audit trail: who did what, when, where and why. */
export interface AuditEvent {
  /** When it happened (ms since the epoch). */
  at: number;
  action: AuditAction;
  /** The GitHub login (or Slack user mapped to one) who acted, or {@link SYSTEM_ACTOR}. */
  actor: string;
  surface: AuditSurface;
  /** `owner/name`. */
  repository: string;
  environment?: string | undefined;
  pullRequest?: number | undefined;
  sha?: string | undefined;
  /** The command word (`deploy`, `migrate`, …) of a `command` or `refusal` event. */
  command?: string | undefined;
  outcome?: string | undefined;
  reason?: string | undefined;
  job?: string | undefined;
}

// Entries are read back by other processes and other versions of Shipmate: each one is checked, not cast.
const optionalText = z.string().optional();

/** The stored form of an {@link AuditEvent}. */
export const auditEventSchema = z.object({
  at: z.number(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.string(),
  surface: z.enum(AUDIT_SURFACES),
  repository: z.string(),
  environment: optionalText,
  pullRequest: z.number().int().optional(),
  sha: optionalText,
  command: optionalText,
  outcome: optionalText,
  reason: optionalText,
  job: optionalText,
});
