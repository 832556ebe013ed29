import { z } from "zod";

/** Where in Slack a request came from: answers and live messages go back there. */
const slackPlace = {
  v: z.literal(1),
  /** Stable per Slack request (trigger id, event id, or action): the job id is built from it. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{1,120}$/),
  teamId: z.string(),
  channelId: z.string(),
  /** The channel's name without `#`, when Slack sent it (slash commands do). */
  channelName: z.string().optional(),
  userId: z.string(),
  /** Ephemeral answers go here when Slack gave one (slash commands and button presses). */
  responseUrl: z.string().url().optional(),
  receivedAt: z.number(),
};

/**
 * A Slack request recorded before Slack gets its ack. Nothing here has looked at GitHub, config or
 * permissions; the text is what followed `/shipmate` or the bot's mention.
 */
export const slackIntakeJobSchema = z.discriminatedUnion("kind", [
  z.object({
    ...slackPlace,
    kind: z.literal("slack-command"),
    text: z.string().max(2_000),
    /** For a mention: the message to answer in the thread of. */
    threadTs: z.string().optional(),
  }),
  z.object({
    ...slackPlace,
    kind: z.literal("slack-action"),
    action: z.enum(["approve", "reject", "cancel"]),
    jobId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    /** The live message whose button was pressed. */
    messageTs: z.string(),
  }),
]);
export type SlackIntakeJob = z.infer<typeof slackIntakeJobSchema>;

/** The intake queue's job name for Slack requests (PR comments use their own). */
export const SLACK_INTAKE = "slack";

/** One intake job per Slack request: a retry of the same request (`x-slack-retry-num`) finds it there. */
export function slackIntakeJobId(requestId: string): string {
  return `slack-${requestId}`;
}
