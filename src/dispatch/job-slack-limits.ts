import { selectEnvironment } from "../config/select-environment.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import { slackAllowlistRefusals } from "../policy/slack-allowlist.ts";
import type { CommandContext } from "./command-context.ts";

/**
 * The Slack limits of the environment a job runs on, for an answer to that job from Slack (a button,
 * `/shipmate approve`): an approval or a cancel is acting on the environment, as a deploy is.
 */
export function jobSlackRefusals(ctx: CommandContext, environment: string): Refusal[] {
  if (ctx.slackOrigin === undefined) return [];
  const choice = selectEnvironment(ctx.config, environment);
  return choice.kind === "chosen" ? slackAllowlistRefusals(choice.environment, ctx.slackOrigin) : [];
}
