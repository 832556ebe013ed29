import type { JobView } from "../../../jobs/job-view.ts";
import { SLACK_ACTION_IDS, slackActionsBlockId } from "../../../slack/slack-actions.ts";
import type { SlackBlock } from "../../../slack/slack-client.ts";
import { TASK_NOUN } from "../job-summary.ts";
import { shortSha } from "../markdown.ts";
import { plainText } from "./slack-blocks.ts";

/**
 * The buttons of a live message: Approve and Reject while it awaits approval, Cancel while it waits
 * or runs, none once it ended. Each carries the job id as its `value`.
 */
export function slackJobButtons(view: JobView): SlackBlock | undefined {
  const elements: SlackBlock[] = [];
  const noun = view.rollback === undefined ? TASK_NOUN[view.task] : "rollback";
  const what = `The ${noun} of ${shortSha(view.sha)}${view.environment === "" ? "" : ` to ${view.environment}`}`;
  if (view.state === "awaiting_approval") {
    elements.push(button("Approve", SLACK_ACTION_IDS.approve, view.id, "primary"));
    elements.push({
      ...button("Reject", SLACK_ACTION_IDS.reject, view.id, "danger"),
      confirm: confirm(`Reject this ${noun}?`, `${what} will not run.`, "Reject", "Back"),
    });
  }
  if (view.state === "awaiting_approval" || view.state === "queued" || view.state === "running") {
    const running = view.state === "running";
    const dialog = running
      ? confirm(
          `Stop this ${noun}?`,
          `${what} is running: its process will be stopped.`,
          "Stop it",
          "Let it run",
        )
      : confirm(`Cancel this ${noun}?`, `${what} will not run.`, "Cancel it", "Keep it");
    elements.push({ ...button("Cancel", SLACK_ACTION_IDS.cancel, view.id, undefined), confirm: dialog });
  }
  return elements.length === 0
    ? undefined
    : { type: "actions", block_id: slackActionsBlockId(view.id), elements };
}

function button(
  label: string,
  actionId: string,
  jobId: string,
  style: "primary" | "danger" | undefined,
): SlackBlock {
  return {
    type: "button",
    action_id: actionId,
    text: plainText(label, 75),
    value: jobId,
    ...(style === undefined ? {} : { style }),
  };
}

// Slack's limits: title 100, text 300, button labels 30 characters.
function confirm(title: string, text: string, yes: string, no: string): SlackBlock {
  return {
    title: plainText(title, 100),
    text: plainText(text, 300),
    confirm: plainText(yes, 30),
    deny: plainText(no, 30),
    ...(yes.startsWith("Reject") || yes.startsWith("Stop") ? { style: "danger" } : {}),
  };
}
