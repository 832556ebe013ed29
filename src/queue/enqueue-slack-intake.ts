import type { Queue } from "bullmq";
import { SLACK_INTAKE, type SlackIntakeJob, slackIntakeJobId } from "../jobs/slack-intake-job.schema.ts";

/**
 * Records a Slack request as an intake job keyed by its request id. Slack's retries of the same request
 * find the first job there and add nothing; the answer only says which it was, for the logs.
 */
export function slackIntakeEnqueuer(intake: Queue): (job: SlackIntakeJob) => Promise<"queued" | "duplicate"> {
  return async (job) => {
    const id = slackIntakeJobId(job.requestId);
    if ((await intake.getJob(id)) !== undefined) return "duplicate";
    await intake.add(SLACK_INTAKE, job, { jobId: id });
    return "queued";
  };
}
