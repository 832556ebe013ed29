import type { SlackIntakeJob } from "../../jobs/slack-intake-job.schema.ts";
import { MAX_COMMAND_TEXT } from "./slack-text.ts";

/** What Slack gets back in the ack: a slash command may carry a message only its sender sees. */
export type AckBody = { response_type: "ephemeral"; text: string } | undefined;

/** An ephemeral note sent after the ack, where the ack itself cannot carry one (events). */
export interface EphemeralNote {
  channel: string;
  user: string;
  text: string;
  threadTs: string | undefined;
}

/** What one Slack request asks of the ingress: record a job, answer at once, or nothing at all. */
export type SlackReading =
  | { kind: "job"; job: SlackIntakeJob; ack: AckBody }
  | { kind: "reply"; reason: string; ack: AckBody; note: EphemeralNote | undefined }
  | { kind: "ignore"; reason: string };

/** The slash command's ack: Slack shows it to the sender only, so they know the command arrived. */
export const WORKING_ON_IT = "Working on it…";

/** The answer to a command longer than any command can be: no job is made for it. */
export function tooLongText(length: number): string {
  return `That command is ${length.toLocaleString("en-US")} characters long; Shipmate reads commands of up to ${MAX_COMMAND_TEXT.toLocaleString("en-US")} characters.`;
}

/** An ack body Slack shows to the sender only. */
export function ephemeral(text: string): AckBody {
  return { response_type: "ephemeral", text };
}
