/**
 * The ids that tie a live Slack message to its job: renderers write them, ingress reads them back
 * from block actions, tests find messages by them.
 */
export const SLACK_ACTION_IDS = {
  approve: "shipmate_approve",
  reject: "shipmate_reject",
  cancel: "shipmate_cancel",
} as const;
export type SlackJobAction = keyof typeof SLACK_ACTION_IDS;

const BY_ACTION_ID: ReadonlyMap<string, SlackJobAction> = new Map(
  Object.entries(SLACK_ACTION_IDS).map(([action, id]) => [id, action as SlackJobAction]),
);

/** The action a button's `action_id` stands for, or undefined for anything else. */
export function slackJobAction(actionId: string): SlackJobAction | undefined {
  return BY_ACTION_ID.get(actionId);
}

/** The `block_id` of the first block of a job's live message (its headline). */
export function slackJobBlockId(jobId: string): string {
  return `shipmate-job:${jobId}`;
}

/** The `block_id` of a live message's buttons. */
export function slackActionsBlockId(jobId: string): string {
  return `shipmate-actions:${jobId}`;
}

/** The job id in a block id written by slackJobBlockId or slackActionsBlockId, else undefined. */
export function jobIdOfBlock(blockId: string): string | undefined {
  const match = /^shipmate-(?:job|actions):(.+)$/.exec(blockId);
  return match?.[1];
}
