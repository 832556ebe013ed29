import { readBlockAction } from "./read-block-action.ts";
import { readMention } from "./read-mention.ts";
import { readSlashCommand } from "./read-slash-command.ts";
import { blockActionsSchema, mentionEnvelopeSchema, slashCommandSchema } from "./slack-payloads.schema.ts";
import type { SlackReading } from "./slack-reading.ts";

/**
 * Reads a verified Slack request body (HTTP or Socket Mode: the same shapes) into what to record and
 * what to answer. Pure: nothing is queued or sent here.
 */
export function readSlackRequest(body: unknown, receivedAt: number): SlackReading {
  if (!isRecord(body)) return { kind: "ignore", reason: "not an object" };
  if (typeof body.command === "string") {
    const command = slashCommandSchema.safeParse(body);
    return command.success
      ? readSlashCommand(command.data, receivedAt)
      : { kind: "ignore", reason: "slash command not understood" };
  }
  if (body.type === "event_callback") {
    if (!isRecord(body.event) || body.event.type !== "app_mention") {
      return { kind: "ignore", reason: "event Shipmate does not subscribe to" };
    }
    const mention = mentionEnvelopeSchema.safeParse(body);
    return mention.success
      ? readMention(mention.data, receivedAt)
      : { kind: "ignore", reason: "app_mention not understood" };
  }
  if (body.type === "block_actions") {
    const actions = blockActionsSchema.safeParse(body);
    return actions.success
      ? readBlockAction(actions.data, receivedAt)
      : { kind: "ignore", reason: "block_actions not understood" };
  }
  return { kind: "ignore", reason: `request type ${String(body.type ?? "unknown").slice(0, 40)}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
