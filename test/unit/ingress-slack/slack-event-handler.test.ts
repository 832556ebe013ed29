import type { ReceiverEvent } from "@slack/bolt";
import { pino } from "pino";
import { describe, expect, test } from "vitest";
import { slackEventHandler } from "../../../src/ingress/slack/slack-event-handler.ts";
import type { EphemeralNote } from "../../../src/ingress/slack/slack-reading.ts";
import type { SlackIntakeJob } from "../../../src/jobs/slack-intake-job.schema.ts";

const COMMAND = {
  team_id: "T1",
  channel_id: "C1",
  user_id: "U1",
  command: "/shipmate",
  text: "status acme/shop",
  trigger_id: "1.2.3",
};

/** Runs one event through the handler and returns what happened, in order. */
async function handle(
  body: Record<string, unknown>,
  enqueue: (job: SlackIntakeJob) => Promise<"queued" | "duplicate">,
) {
  const steps: string[] = [];
  const notes: EphemeralNote[] = [];
  const acks: unknown[] = [];
  const handler = slackEventHandler({
    enqueue: async (job) => {
      steps.push("enqueue");
      const outcome = await enqueue(job);
      steps.push("recorded");
      return outcome;
    },
    log: pino({ level: "silent" }),
    now: () => 42,
    notify: async (note) => {
      notes.push(note);
    },
  });
  const event: ReceiverEvent = {
    body,
    ack: async (response?: unknown) => {
      steps.push("ack");
      acks.push(response);
    },
  };
  const error = await handler(event).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { steps, acks, notes, error };
}

describe("slackEventHandler", () => {
  test("acks only after the job is recorded", async () => {
    const { steps, acks } = await handle(COMMAND, async () => "queued");
    expect(steps).toEqual(["enqueue", "recorded", "ack"]);
    expect(acks).toEqual([{ response_type: "ephemeral", text: "Working on it…" }]);
  });

  test("a duplicate (Slack's retry) is acked like the first", async () => {
    const { steps, acks } = await handle(COMMAND, async () => "duplicate");
    expect(steps).toEqual(["enqueue", "recorded", "ack"]);
    expect(acks).toEqual([{ response_type: "ephemeral", text: "Working on it…" }]);
  });

  test("when recording fails there is no ack and the error goes to the receiver (503 / no Socket Mode ack)", async () => {
    const failure = new Error("Connection is closed.");
    const { steps, error } = await handle(COMMAND, async () => {
      throw failure;
    });
    expect(steps).toEqual(["enqueue"]);
    expect(error).toBe(failure);
  });

  test("an ignored request is acked empty without recording", async () => {
    const { steps, acks } = await handle({ type: "view_submission" }, async () => "queued");
    expect(steps).toEqual(["ack"]);
    expect(acks).toEqual([undefined]);
  });

  test("an over-long mention is acked, then noted to its author, never recorded", async () => {
    const body = {
      type: "event_callback",
      event_id: "Ev9",
      team_id: "T1",
      event: { type: "app_mention", user: "U1", text: "z".repeat(2_500), ts: "5.5", channel: "C1" },
    };
    const { steps, notes } = await handle(body, async () => "queued");
    expect(steps).toEqual(["ack"]);
    expect(notes).toEqual([
      { channel: "C1", user: "U1", text: expect.stringContaining("2,500"), threadTs: "5.5" },
    ]);
  });
});
