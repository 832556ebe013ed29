import { slackJobAction } from "../../slack/slack-actions.ts";
import { actionRequestId } from "./request-id.ts";
import type { BlockActions } from "./slack-payloads.schema.ts";
import type { SlackReading } from "./slack-reading.ts";

const JOB_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** A press of Approve, Reject or Cancel → a slack-action job for the job id the button carries. */
export function readBlockAction(payload: BlockActions, receivedAt: number): SlackReading {
  const pressed = payload.actions[0];
  const action = pressed ? slackJobAction(pressed.action_id) : undefined;
  if (!pressed || !action) return { kind: "ignore", reason: "not a Shipmate button" };
  if (pressed.value === undefined || !JOB_ID.test(pressed.value)) {
    return { kind: "ignore", reason: "button without a job id" };
  }
  const messageTs = payload.container?.message_ts ?? payload.message?.ts;
  const channelId = payload.channel?.id ?? payload.container?.channel_id;
  // Shipmate's buttons are only ever on channel messages: anything else is not one of them.
  if (!messageTs || !channelId) return { kind: "ignore", reason: "button outside a channel message" };
  return {
    kind: "job",
    ack: undefined,
    job: {
      v: 1,
      kind: "slack-action",
      requestId: actionRequestId(messageTs, pressed.action_ts, payload.user.id),
      teamId: payload.team?.id ?? payload.user.team_id ?? "",
      channelId,
      ...(payload.channel?.name ? { channelName: payload.channel.name } : {}),
      userId: payload.user.id,
      ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
      receivedAt,
      action,
      jobId: pressed.value,
      messageTs,
    },
  };
}
