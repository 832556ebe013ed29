import { describe, expect, test } from "vitest";
import {
  jobIdOfBlock,
  SLACK_ACTION_IDS,
  slackActionsBlockId,
  slackJobAction,
  slackJobBlockId,
} from "../../../src/slack/slack-actions.ts";

describe("slack action and block ids", () => {
  test.each([
    { actionId: "shipmate_approve", action: "approve" },
    { actionId: "shipmate_reject", action: "reject" },
    { actionId: "shipmate_cancel", action: "cancel" },
    { actionId: "shipmate_deploy", action: undefined },
    { actionId: "constructor", action: undefined },
    { actionId: "", action: undefined },
  ])("$actionId → $action", ({ actionId, action }) => {
    expect(slackJobAction(actionId)).toBe(action);
  });

  test("every action id maps back to its action", () => {
    for (const [action, id] of Object.entries(SLACK_ACTION_IDS)) expect(slackJobAction(id)).toBe(action);
  });

  test.each(["task-1-1", "slack-Abc_9-1", "x:y"])("block ids carry the job id %s", (id) => {
    expect(jobIdOfBlock(slackJobBlockId(id))).toBe(id);
    expect(jobIdOfBlock(slackActionsBlockId(id))).toBe(id);
  });

  test.each(["", "shipmate-job:", "other:task-1", "shipmate-jobs:task-1"])("%j names no job", (blockId) => {
    expect(jobIdOfBlock(blockId)).toBeUndefined();
  });
});
