import { eventRequestId } from "./request-id.ts";
import type { MentionEnvelope } from "./slack-payloads.schema.ts";
import { type SlackReading, tooLongText } from "./slack-reading.ts";
import { MAX_COMMAND_TEXT, mentionText } from "./slack-text.ts";

/** `@shipmate <text>` in a channel → a slack-command job keyed by the event id, answered in its thread. */
export function readMention(envelope: MentionEnvelope, receivedAt: number): SlackReading {
  const event = envelope.event;
  // Bots (Shipmate included) never run commands, and an edit is not a new request.
  if (event.bot_id !== undefined || event.subtype !== undefined) {
    return { kind: "ignore", reason: "mention by a bot" };
  }
  if (event.edited !== undefined) return { kind: "ignore", reason: "edited mention" };
  if (!event.user) return { kind: "ignore", reason: "mention without a user" };
  const botUserId = envelope.authorizations?.[0]?.user_id;
  const text = mentionText(event.text, botUserId);
  // A mention inside a thread is answered in that thread; Slack wants the parent's ts for it.
  const threadTs = event.thread_ts ?? event.ts;
  if (text.length > MAX_COMMAND_TEXT) {
    return {
      kind: "reply",
      reason: "command too long",
      ack: undefined,
      note: { channel: event.channel, user: event.user, text: tooLongText(text.length), threadTs },
    };
  }
  return {
    kind: "job",
    ack: undefined,
    job: {
      v: 1,
      kind: "slack-command",
      requestId: eventRequestId(envelope.event_id),
      teamId: envelope.team_id,
      channelId: event.channel,
      userId: event.user,
      receivedAt,
      text,
      threadTs,
    },
  };
}
