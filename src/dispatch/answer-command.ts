import type { Command } from "../commands/command.ts";
import { type RefusalReason, renderRefusal } from "../reporting/render/refusal.ts";
import { acceptDeploy } from "./accept-deploy.ts";
import { acceptMigrate } from "./accept-migrate.ts";
import { acceptProvision } from "./accept-provision.ts";
import { answerApproval } from "./answer-approval.ts";
import { cancelJob } from "./cancel-job.ts";
import type { CommandContext, LineAnswer } from "./command-context.ts";
import { answerHoldCommand } from "./hold-commands.ts";
import { answerStatus } from "./status-reply.ts";

/** Runs one parsed command against the repository's valid config. */
export async function answerCommand(
  ctx: CommandContext,
  command: Exclude<Command, { kind: "help" }>,
  text: string,
): Promise<LineAnswer> {
  switch (command.kind) {
    case "deploy":
    case "rollback":
      return answerAcceptance(await acceptDeploy(ctx, command), text);
    case "migrate":
      return answerAcceptance(await acceptMigrate(ctx, command), text);
    case "provision":
      return answerAcceptance(await acceptProvision(ctx, command), text);
    case "lock":
    case "unlock":
    case "locks":
      return answerHoldCommand(ctx, command, text);
    case "approve":
    case "reject":
      return answerApproval(ctx, command, text);
    case "cancel":
      return cancelJob(ctx, command, text);
    case "status":
      return answerStatus(ctx);
  }
}

/** A queued job speaks through its status comment; a refusal is answered at once, reason by reason. */
function answerAcceptance(
  outcome: { kind: "queued" } | { kind: "refused"; reasons: readonly RefusalReason[] },
  text: string,
): LineAnswer {
  return outcome.kind === "refused"
    ? { reply: renderRefusal({ command: text, reasons: outcome.reasons }), refused: true }
    : { reply: undefined, refused: false };
}
