import type { CommandKind } from "./command.ts";

/** The one-line syntax of each command, as markdown; replies, `/help` and docs all show these, in this order. */
export const COMMAND_USAGE: Record<CommandKind, string> = {
  deploy: "`/deploy [env] [key=value …] [--dry-run]` or `/deploy <ref> to <env>`",
  rollback: "`/rollback <env> [--dry-run]`",
  migrate: "`/migrate <env> [status|down] [key=value …] [--dry-run]`",
  provision: "`/provision <env> plan|apply`",
  lock: "`/lock <env> [reason]`",
  unlock: "`/unlock <env>`",
  locks: "`/locks`",
  approve: "`/approve [job]`",
  reject: "`/reject [job] [reason]`",
  cancel: "`/cancel [job]`",
  status: "`/status`",
  help: "`/help`",
};
