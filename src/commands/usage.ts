import type { CommandKind } from "./command.ts";

/** The one-line syntax of each command, as markdown; replies, `/help` and docs all show these. */
export const COMMAND_USAGE: Record<CommandKind, string> = {
  deploy: "`/deploy [env] [key=value …] [--dry-run]` or `/deploy <ref> to <env>`",
  help: "`/help`",
};
