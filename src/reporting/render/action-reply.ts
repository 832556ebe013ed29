import type { JobSummary } from "../../jobs/repository-status.ts";
import { describeJob, describeOrigin, renderJobId } from "./job-summary.ts";
import { escapeMarkdown, inlineCode } from "./markdown.ts";
import { truncateEnd, truncateMiddle } from "./text.ts";

/** The commands that act on one job. */
export type JobAction = "cancel" | "approve" | "reject";

/** What `/cancel`, `/approve` or `/reject` did, as the reply shows it. */
export type ActionReply =
  /** A waiting job was taken out of line (`wasRunning: false`), or a running one is being stopped. */
  | { kind: "cancelled"; job: JobSummary; wasRunning: boolean }
  | { kind: "approved"; job: JobSummary }
  | { kind: "rejected"; job: JobSummary; reason: string | undefined }
  /** No job fits: `jobId` is the one the command named, if it named one. */
  | { kind: "no-job"; action: JobAction; jobId: string | undefined }
  /** The command named no job and several fit: the reply lists them so the person can pick one. */
  | { kind: "ambiguous"; action: JobAction; jobs: readonly JobSummary[] };

const MAX_CHOICES_SHOWN = 10;

const NOTHING: Readonly<Record<JobAction, string>> = {
  cancel: "Nothing to cancel: no job from this pull request is waiting or running.",
  approve: "Nothing to approve: no job from this pull request is awaiting approval.",
  reject: "Nothing to reject: no job from this pull request is awaiting approval.",
};

const NAMED_STATE: Readonly<Record<JobAction, string>> = {
  cancel: "waiting or running",
  approve: "awaiting approval",
  reject: "awaiting approval",
};

/** The short reply to `/cancel`, `/approve` or `/reject`. */
export function renderActionReply(reply: ActionReply): string {
  switch (reply.kind) {
    case "cancelled":
      return reply.wasRunning
        ? `🛑 Stopping ${subject(reply.job)}: its process is being stopped, and its status comment will say when it has ended.`
        : `🛑 Cancelled ${subject(reply.job)}; it will not run.`;
    case "approved":
      return `👍 Approved ${subject(reply.job)}; it will run when it reaches the front of the line.`;
    case "rejected": {
      const reason = reply.reason?.trim() ?? "";
      const why = reason === "" ? "" : ` Reason: ${escapeMarkdown(truncateEnd(reason, 200))}`;
      return `👎 Rejected ${subject(reply.job)}; it will not run.${why}`;
    }
    case "no-job":
      return reply.jobId === undefined
        ? NOTHING[reply.action]
        : `No job ${renderJobId(reply.jobId)} is ${NAMED_STATE[reply.action]} in this repository.`;
    case "ambiguous":
      return renderChoices(reply.action, reply.jobs);
  }
}

function subject(job: JobSummary): string {
  return `${renderJobId(job.id)} (${describeJob(job)})`;
}

function renderChoices(action: JobAction, jobs: readonly JobSummary[]): string {
  const shown = jobs.slice(0, MAX_CHOICES_SHOWN).map((job) => {
    const command = inlineCode(`/${action} ${truncateMiddle(job.id, 60)}`);
    return `- ${command}: ${describeJob(job)}, ${describeOrigin(job)}`;
  });
  const more = jobs.length - shown.length;
  if (more > 0) shown.push(`- … and ${more} more`);
  return [`Several jobs could be meant; name one:`, "", ...shown].join("\n");
}
