import type { ReceiverEvent } from "@slack/bolt";
import type { SlackIntakeJob } from "../../jobs/slack-intake-job.schema.ts";
import type { MetricsRecorder, SlackRequestKind } from "../../metrics/recorder.ts";
import type { Logger } from "../../shared/logger.ts";
import { readSlackRequest } from "./read-slack-request.ts";
import type { EphemeralNote } from "./slack-reading.ts";

export interface SlackHandlerDeps {
  /** Records the job in Redis under `slackIntakeJobId(job.requestId)`; "duplicate" when a retry finds it there. */
  enqueue: (job: SlackIntakeJob) => Promise<"queued" | "duplicate">;
  log: Logger;
  now: () => number;
  /** Sends a note only its recipient sees, where an ack cannot carry one; without it the note is only logged. */
  notify?: ((note: EphemeralNote) => Promise<void>) | undefined;
  metrics?: Pick<MetricsRecorder, "slackRequest"> | undefined;
}

/**
 * Handles one verified Slack request from either receiver. The ack goes out only once the job is in
 * Redis: when recording fails this throws instead, Slack gets a 5xx (or no Socket Mode ack) and retries,
 * and the retry's request id finds any job the first attempt left.
 */
export function slackEventHandler(deps: SlackHandlerDeps): (event: ReceiverEvent) => Promise<void> {
  return async (event) => {
    const reading = readSlackRequest(event.body, deps.now());
    const kind = requestKind(event.body);
    if (reading.kind === "ignore") {
      deps.metrics?.slackRequest(kind, "ignored");
      deps.log.debug({ reason: reading.reason }, "slack request ignored");
      await event.ack();
      return;
    }
    if (reading.kind === "reply") {
      deps.metrics?.slackRequest(kind, "refused");
      await event.ack(reading.ack);
      deps.log.info({ reason: reading.reason }, "slack request answered without a job");
      const note = reading.note;
      if (note) {
        deps.notify?.(note).catch((error: unknown) => {
          deps.log.warn(
            { err: error instanceof Error ? error.message : String(error) },
            "slack note not sent",
          );
        });
      }
      return;
    }
    const outcome = await deps.enqueue(reading.job).catch((error: unknown) => {
      deps.metrics?.slackRequest(kind, "unavailable");
      throw error;
    });
    deps.metrics?.slackRequest(kind, "accepted");
    deps.log.info(
      {
        requestId: reading.job.requestId,
        kind: reading.job.kind,
        channel: reading.job.channelId,
        user: reading.job.userId,
        retryNum: event.retryNum,
        outcome,
      },
      "slack request recorded",
    );
    await event.ack(reading.ack);
  };
}

/** What the request is, from its shape alone (the same shapes readSlackRequest tells apart). */
function requestKind(body: unknown): SlackRequestKind {
  if (typeof body !== "object" || body === null) return "other";
  if ("command" in body && typeof body.command === "string") return "command";
  const type = "type" in body ? body.type : undefined;
  if (type === "event_callback") return "event";
  if (type === "block_actions") return "action";
  return "other";
}
