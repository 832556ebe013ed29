import type { Queue } from "bullmq";
import { parseComment } from "../../commands/parse-comment.ts";
import { type IntakeJob, intakeJobId } from "../../jobs/intake-job.schema.ts";
import type { Logger } from "../../shared/logger.ts";
import { issueCommentPayloadSchema } from "./issue-comment-payload.schema.ts";

export type IngressOutcome = "queued" | "recorded" | "ignored" | "invalid";

// GitHub caps comments at 65,536 characters; anything longer is not from GitHub's UI or API.
const MAX_BODY = 65_536;

/**
 * Turns a new pull-request comment into a durable intake job, or ignores it. Nothing here
 * calls GitHub: the delivery is answered as soon as Redis has the job.
 */
export function onIssueComment(
  deps: { intake: Queue; log: Logger },
  deliveryId: string,
  rawPayload: unknown,
): Promise<IngressOutcome> {
  // Not async itself: an async function keeps its arguments until it returns, and the whole payload
  // (some 40 KB of objects) would then outlive the young generation while Redis answers.
  const job = readComment(deps.log, deliveryId, rawPayload);
  return typeof job === "string" ? Promise.resolve(job) : record(deps.intake, job);
}

async function record(intake: Queue, job: IntakeJob): Promise<IngressOutcome> {
  await intake.add("github-comment", job, { jobId: intakeJobId(job.commentId) });
  return "queued";
}

/** The intake job for a comment that holds commands, or why there is none. */
function readComment(log: Logger, deliveryId: string, rawPayload: unknown): IntakeJob | IngressOutcome {
  const parsed = issueCommentPayloadSchema.safeParse(rawPayload);
  if (!parsed.success) {
    log.warn({ deliveryId, issues: parsed.error.issues.slice(0, 3) }, "issue_comment payload not understood");
    return "invalid";
  }
  const p = parsed.data;
  if (p.action !== "created" || !p.issue.pull_request) return "ignored";
  // Shipmate's own comments, and every other bot's, never run anything.
  if (p.sender.type === "Bot" || p.comment.user?.type === "Bot") return "ignored";
  const body = p.comment.body ?? "";
  if (body.length > MAX_BODY || !body.includes("/")) return "ignored";
  const outcomes = parseComment(body);
  if (outcomes.length === 0) return "ignored";
  if (!p.installation) {
    log.warn({ deliveryId, repository: p.repository.id }, "command on a repository without an installation");
    return "invalid";
  }
  return {
    v: 1,
    kind: "github-comment",
    deliveryId,
    installationId: p.installation.id,
    repository: {
      id: p.repository.id,
      owner: p.repository.owner.login,
      name: p.repository.name,
      defaultBranch: p.repository.default_branch,
      cloneUrl: p.repository.clone_url,
      htmlUrl: p.repository.html_url,
    },
    pullRequest: p.issue.number,
    commentId: p.comment.id,
    sender: { login: p.sender.login, id: p.sender.id },
    lines: outcomes.map((o) => ({ line: o.line, text: o.text.slice(0, 2_000) })),
    receivedAt: Date.now(),
  };
}
