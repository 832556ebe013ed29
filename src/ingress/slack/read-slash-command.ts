import { commandRequestId } from "./request-id.ts";
import type { SlashCommand } from "./slack-payloads.schema.ts";
import { ephemeral, type SlackReading, tooLongText, WORKING_ON_IT } from "./slack-reading.ts";
import { MAX_COMMAND_TEXT, normaliseSlackText } from "./slack-text.ts";

/** `/shipmate <text>` → a slack-command job keyed by the trigger id; the sender sees "Working on it…". */
export function readSlashCommand(command: SlashCommand, receivedAt: number): SlackReading {
  const text = normaliseSlackText(command.text);
  if (text.length > MAX_COMMAND_TEXT) {
    return {
      kind: "reply",
      reason: "command too long",
      ack: ephemeral(tooLongText(text.length)),
      note: undefined,
    };
  }
  return {
    kind: "job",
    ack: ephemeral(WORKING_ON_IT),
    job: {
      v: 1,
      kind: "slack-command",
      requestId: commandRequestId(command.trigger_id),
      teamId: command.team_id,
      channelId: command.channel_id,
      ...(command.channel_name ? { channelName: command.channel_name } : {}),
      userId: command.user_id,
      ...(command.response_url ? { responseUrl: command.response_url } : {}),
      receivedAt,
      text,
    },
  };
}
