import { commandEvent } from "../audit/command-event.ts";
import type { Command } from "../commands/command.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import { type RefusalReason, renderRefusal } from "../reporting/render/refusal.ts";
import { acceptDeploy } from "./accept-deploy.ts";
import { acceptMigrate } from "./accept-migrate.ts";
import { acceptProvision } from "./accept-provision.ts";
import { answerApproval } from "./answer-approval.ts";
import { cancelJob } from "./cancel-job.ts";
import type { CommandContext, LineAnswer } from "./command-context.ts";
import { answerHoldCommand } from "./hold-commands.ts";
import { answerStatus } from "./status-reply.ts";

type AnsweredCommand = Exclude<Command, { kind: "help" }>;

/** Runs one parsed command against the repository's valid config, and puts it on the audit trail. */
export async function answerCommand(
  ctx: CommandContext,
  command: AnsweredCommand,
  text: string,
): Promise<LineAnswer> {
  const answer = await answerLine(ctx, command, text);
  await auditAnswer(ctx, command, answer);
  return answer;
}

async function answerLine(ctx: CommandContext, command: AnsweredCommand, text: string): Promise<LineAnswer> {
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
  outcome: { kind: "queued"; taskId: string } | { kind: "refused"; reasons: readonly RefusalReason[] },
  text: string,
): LineAnswer {
  if (outcome.kind === "queued") return { reply: undefined, refused: false, job: outcome.taskId };
  const reasons = outcome.reasons.map((reason) => reason.code);
  return { reply: renderRefusal({ command: text, reasons: outcome.reasons }), refused: true, reasons };
}

// Holds, approvals and cancels record the change they make themselves; status and locks change nothing.
const AUDITED_BY_HANDLER: readonly AnsweredCommand["kind"][] = [
  "lock",
  "unlock",
  "approve",
  "reject",
  "cancel",
  "status",
  "locks",
];

/** The `command` event of a queued job, or the `refusal` event of any refused line. */
async function auditAnswer(ctx: CommandContext, command: AnsweredCommand, answer: LineAnswer): Promise<void> {
  if (!answer.refused && AUDITED_BY_HANDLER.includes(command.kind)) return;
  // The holds record a /lock refused for someone else's hold as `lock-refused`.
  if (answer.reasons?.includes("locked-by-other") && command.kind === "lock") return;
  const { deps, request } = ctx;
  const view = answer.job === undefined ? undefined : (await deps.records.load(answer.job))?.view;
  await deps.audit.record(
    commandEvent({
      at: deps.now(),
      actor: request.login,
      surface: request.surface,
      repository: repositoryKey(request.repository).fullName,
      pullRequest: request.pullRequest,
      command: command.kind,
      environment: view?.environment ?? ("environment" in command ? command.environment : undefined),
      sha: view?.sha,
      job: answer.job,
      refused: answer.refused,
      // Not its state now: a worker may have started it already.
      awaitingApproval: view?.approval !== undefined,
      reasons: answer.reasons,
    }),
  );
}
