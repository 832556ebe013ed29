import type { EnvironmentConfig } from "../config/repo-config.ts";
import type { Refusal } from "./reason-codes.ts";

/** Where a Slack request came from, as the allowlists name it: channel id (and `#name` when known), user id. */
export interface SlackOrigin {
  channelId: string;
  channelName: string | undefined;
  userId: string;
}

/**
 * An environment's `slack.allowed_channels` and `slack.allowed_users` narrow who may act on it from
 * Slack, on top of every GitHub rule; empty lists narrow nothing.
 */
export function slackAllowlistRefusals(environment: EnvironmentConfig, origin: SlackOrigin): Refusal[] {
  const { allowedChannels, allowedUsers } = environment.slack;
  const refusals: Refusal[] = [];
  const channelNames = [origin.channelId, ...(origin.channelName ? [`#${origin.channelName}`] : [])];
  if (allowedChannels.length > 0 && !allowedChannels.some((allowed) => channelNames.includes(allowed))) {
    refusals.push({
      code: "not-in-allowlist",
      message: `**${environment.name}** takes Slack commands only in ${allowedChannels.map((c) => `\`${c}\``).join(", ")}.`,
      fix: "Run the command in one of those channels, or comment it on the pull request.",
    });
  }
  if (allowedUsers.length > 0 && !allowedUsers.includes(origin.userId)) {
    refusals.push({
      code: "not-in-allowlist",
      message: `Your Slack account is not among those allowed to act on **${environment.name}** from Slack.`,
      fix: "Ask a maintainer to add your Slack user id to its `slack.allowed_users`, or comment on the pull request.",
    });
  }
  return refusals;
}
