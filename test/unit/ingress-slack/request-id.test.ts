import { describe, expect, test } from "vitest";
import { actionRequestId, commandRequestId, eventRequestId } from "../../../src/ingress/slack/request-id.ts";
import { slackIntakeJobId, slackIntakeJobSchema } from "../../../src/jobs/slack-intake-job.schema.ts";

const REQUEST_ID = /^[A-Za-z0-9_-]{1,120}$/;

describe("request ids", () => {
  test.each([
    [
      commandRequestId("13345224609.738474920.8088930838d88f008e0"),
      "cmd-13345224609_738474920_8088930838d88f008e0",
    ],
    [eventRequestId("Ev08MFMKH6"), "evt-Ev08MFMKH6"],
    [
      actionRequestId("1700000000.000100", "1700000042.123456", "U0BOB0001"),
      "act-1700000000_000100-1700000042_123456-U0BOB0001",
    ],
  ])("%s", (id, expected) => {
    expect(id).toBe(expected);
    expect(id).toMatch(REQUEST_ID);
  });

  test("the same Slack request always gives the same id; different ones never collide", () => {
    expect(commandRequestId("1.2.a")).toBe(commandRequestId("1.2.a"));
    const ids = [
      commandRequestId("1.2.a"),
      commandRequestId("1.2.b"),
      eventRequestId("1.2.a"),
      actionRequestId("1.2", "3.4", "U1"),
      actionRequestId("1.2", "3.5", "U1"),
      actionRequestId("1.2", "3.4", "U2"),
      actionRequestId("1.3", "3.4", "U1"),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("hostile or oversized parts still give a valid, stable id", () => {
    const long = "x".repeat(500);
    for (const id of [
      commandRequestId(long),
      commandRequestId("../../etc/passwd\n:*{}"),
      actionRequestId(long, long, long),
      eventRequestId("Ev 01 ü"),
    ]) {
      expect(id).toMatch(REQUEST_ID);
    }
    expect(commandRequestId(long)).toBe(commandRequestId(long));
    expect(commandRequestId(long)).not.toBe(commandRequestId(`${long}y`));
  });

  test("a request id makes a job id the intake schema and BullMQ accept", () => {
    const requestId = actionRequestId("1700000000.000100", "1700000042.123456", "U0BOB0001");
    expect(slackIntakeJobId(requestId)).toBe(`slack-${requestId}`);
    const job = {
      v: 1,
      kind: "slack-action",
      requestId,
      teamId: "T1",
      channelId: "C1",
      userId: "U1",
      receivedAt: 1,
      action: "approve",
      jobId: "task-1-1",
      messageTs: "1.2",
    };
    expect(slackIntakeJobSchema.safeParse(job).success).toBe(true);
  });
});
