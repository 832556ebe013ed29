import type { IntakeJob } from "../jobs/intake-job.schema.ts";
import type { SlackIntakeJob } from "../jobs/slack-intake-job.schema.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/**
 * When a comment could not be processed after every retry, tell its author in the thread,
 * so a 👀 is never the last word. Best effort: GitHub may be the thing that is failing.
 */
export async function reportIntakeFailure(deps: IntakeDeps, job: IntakeJob, error: Error): Promise<void> {
  const github = await deps.github(job.installationId);
  const repo = { owner: job.repository.owner, repo: job.repository.name };
  const reason = error.message.replace(/\s+/g, " ").slice(0, 200);
  await github.createComment(
    repo,
    job.pullRequest,
    `@${job.sender.login} Shipmate could not process your command (GitHub answered: ${reason}). Nothing was run. Check that the pull request still exists and that Shipmate is installed on this repository, then comment again.`,
  );
  await github.addReaction(repo, job.commentId, "confused");
}

/** The same for a Slack request: the person hears that nothing ran, and why. */
export async function reportSlackIntakeFailure(
  deps: IntakeDeps,
  job: SlackIntakeJob,
  error: Error,
): Promise<void> {
  if (deps.slack === undefined) return;
  const reason = error.message.replace(/\s+/g, " ").slice(0, 200);
  const text = `Shipmate could not process your command (${reason}). Nothing was run. Try again in a moment.`;
  if (job.responseUrl !== undefined) {
    await deps.slack.respond(job.responseUrl, { text, responseType: "ephemeral" });
    return;
  }
  await deps.slack.postEphemeral({ channel: job.channelId, user: job.userId, text });
}
