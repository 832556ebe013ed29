import type { Command } from "../commands/command.ts";
import type { EnvironmentConfig } from "../config/repo-config.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import { environmentRefusal } from "../policy/environment-refusal.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import { renderHolds } from "../reporting/render/holds.ts";
import { renderLockReply } from "../reporting/render/lock-reply.ts";
import { renderRefusal } from "../reporting/render/refusal.ts";
import { roleAtLeast } from "../shared/roles.ts";
import type { CommandContext, LineAnswer } from "./command-context.ts";

type HoldCommand = Extract<Command, { kind: "lock" | "unlock" | "locks" }>;

/**
 * `/lock <env> [reason]`, `/unlock <env>` and `/locks`. Holding an environment takes the permission
 * its deploys need; releasing it is for whoever took it, or an admin.
 */
export async function answerHoldCommand(
  ctx: CommandContext,
  command: HoldCommand,
  text: string,
): Promise<LineAnswer> {
  const { deps, request } = ctx;
  const repo = repositoryKey(request.repository);
  const now = deps.now();
  if (command.kind === "locks") {
    return { reply: renderHolds(await deps.holds.list(repo), now), refused: false };
  }
  const choice = selectEnvironment(ctx.config, command.environment);
  if (command.kind === "unlock") {
    // An environment since removed from the config may still be held: it can be released by the name it had.
    const environment = choice.kind === "chosen" ? choice.environment.name : command.environment;
    const login = request.login;
    const result = await deps.holds.release(repo, {
      environment,
      login,
      isAdmin: ctx.role === "admin",
      surface: request.surface,
    });
    const reply =
      result.kind === "released"
        ? renderLockReply({ kind: "released", hold: result.hold, by: login }, now)
        : result.kind === "not-held"
          ? renderLockReply({ kind: "not-held", environment }, now)
          : renderLockReply({ kind: "not-allowed", hold: result.hold }, now);
    return { reply, refused: result.kind === "not-allowed" };
  }
  if (choice.kind !== "chosen") return refuse(text, [environmentRefusal(choice)]);
  const denied = lockPermission(ctx, choice.environment);
  if (denied.length > 0) return refuse(text, denied);
  const pullRequest = request.pullRequest;
  if (pullRequest === undefined) {
    const fix = `Name the pull request that holds it: \`lock owner/repo#42 ${choice.environment.name}\`.`;
    return refuse(text, [
      { code: "pull-request-needed", message: "A hold is taken for a pull request.", fix },
    ]);
  }
  const result = await deps.holds.take(repo, {
    environment: choice.environment.name,
    pullRequest,
    login: request.login,
    reason: command.reason,
    ttlMs: choice.environment.lockTtlMs,
    surface: request.surface,
  });
  if (result.kind !== "held-by-other") return { reply: renderLockReply(result, now), refused: false };
  return { reply: renderLockReply(result, now), refused: true, reasons: ["locked-by-other"] };
}

function lockPermission(ctx: CommandContext, environment: EnvironmentConfig): Refusal[] {
  const needed = environment.require.permission;
  if (roleAtLeast(ctx.role, needed)) return [];
  return [
    {
      code: "insufficient-permission",
      message: `@${ctx.request.login} has \`${ctx.role}\` on this repository; locking **${environment.name}** takes \`${needed}\`, as deploying there does.`,
      fix: `Ask someone with \`${needed}\` (or higher) to lock it.`,
    },
  ];
}

function refuse(text: string, reasons: readonly Refusal[]): LineAnswer {
  const codes = reasons.map((reason) => reason.code);
  return { reply: renderRefusal({ command: text, reasons }), refused: true, reasons: codes };
}
