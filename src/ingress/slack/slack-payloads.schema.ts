import { z } from "zod";

// Only the fields Shipmate reads; Slack sends many more, and adds fields without notice.

/** A slash command: the form fields of the HTTP request, or the `payload` of a Socket Mode envelope. */
export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string().default(""),
  team_id: z.string(),
  channel_id: z.string(),
  channel_name: z.string().optional(),
  user_id: z.string(),
  trigger_id: z.string().min(1),
  response_url: z.url({ protocol: /^https?$/ }).optional(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

/** An Events API `event_callback` envelope around an `app_mention`. */
export const mentionEnvelopeSchema = z.object({
  type: z.literal("event_callback"),
  event_id: z.string().min(1),
  team_id: z.string(),
  /** The installation the event is for: the bot's own user id is there, which is what the mention names. */
  authorizations: z.array(z.object({ user_id: z.string().optional() })).optional(),
  event: z.object({
    type: z.literal("app_mention"),
    user: z.string().optional(),
    text: z.string().default(""),
    ts: z.string(),
    channel: z.string(),
    thread_ts: z.string().optional(),
    bot_id: z.string().optional(),
    subtype: z.string().optional(),
    edited: z.unknown().optional(),
  }),
});
export type MentionEnvelope = z.infer<typeof mentionEnvelopeSchema>;

/** A `block_actions` interaction: one press of a button in a message. */
export const blockActionsSchema = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id: z.string(), team_id: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string(), name: z.string().optional() }).nullish(),
  container: z.object({ message_ts: z.string().optional(), channel_id: z.string().optional() }).optional(),
  message: z.object({ ts: z.string() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string() })),
  response_url: z.url({ protocol: /^https?$/ }).optional(),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;
