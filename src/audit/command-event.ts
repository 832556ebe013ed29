import type { AuditEvent } from "./audit-event.ts";

/** A command line as it was answered, with the facts the audit trail keeps of it. */
export interface AnsweredCommand {
  at: number;
  /** The GitHub login the requester acts as. */
  actor: string;
  surface: "github" | "slack";
  /** `owner/name`. */
  repository: string;
  pullRequest: number | undefined;
  /** The command word: `deploy`, `rollback`, `migrate`, … */
  command: string;
  environment: string | undefined;
  /** The pinned commit of the job it queued. */
  sha: string | undefined;
  job: string | undefined;
  refused: boolean;
  /** Whether the job it queued waits for an approver first. */
  awaitingApproval: boolean;
  /** The reason codes of a refusal, when the handler gave them. */
  reasons: readonly string[] | undefined;
}

/** The `command` event of an accepted command line, or the `refusal` event of a refused one. */
export function commandEvent(answered: AnsweredCommand): AuditEvent {
  const { refused, reasons, awaitingApproval, ...facts } = answered;
  return {
    ...facts,
    action: refused ? "refusal" : "command",
    outcome: refused ? "refused" : awaitingApproval ? "awaiting_approval" : "queued",
    ...(reasons !== undefined && reasons.length > 0 ? { reason: reasons.join(", ") } : {}),
  };
}
