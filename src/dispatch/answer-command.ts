import type { Command } from "../commands/command.ts";
import { renderRefusal } from "../reporting/render/refusal.ts";
import { acceptDeploy } from "./accept-deploy.ts";
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
    case "rollback": {
      const outcome = await acceptDeploy(ctx, command);
      return outcome.kind === "refused"
        ? { reply: renderRefusal({ command: text, reasons: outcome.reasons }), refused: true }
        : { reply: undefined, refused: false };
    }
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
