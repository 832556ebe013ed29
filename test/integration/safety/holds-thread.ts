import { expect } from "vitest";
import { type AuditEvent, AuditTrail } from "../../../src/audit/audit-trail.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { fixture, prComment, type Running, sendWebhook } from "../../support/harness.ts";
import { eventually } from "../../support/pr-thread.ts";

/** One person commenting on one pull request of acme/shop. */
export interface Comment {
  login: string;
  pr: number;
  body: string;
}

let nextCommentId = 31_000;

/** A comment id no other comment of this file uses, so each command has its own intake job and reply. */
export function freshCommentId(): number {
  nextCommentId += 1;
  return nextCommentId;
}

/** Posts the comment as a signed webhook and returns its id. */
export async function post(app: Running, cloneUrl: string, comment: Comment): Promise<number> {
  const commentId = freshCommentId();
  const payload = prComment({
    body: comment.body,
    commentId,
    login: comment.login,
    pullRequest: comment.pr,
    cloneUrl,
  });
  expect((await sendWebhook(app.url, "issue_comment", payload)).status).toBe(202);
  return commentId;
}

/**
 * Posts the comment and waits for Shipmate's reply to it: a new comment on the same pull request
 * addressed to the commenter (replies are one comment per command comment, starting with `@login`).
 */
export async function ask(
  app: Running,
  cloneUrl: string,
  comment: Comment,
): Promise<{ commentId: number; reply: string }> {
  const before = new Set(app.github.comments.keys());
  const commentId = await post(app, cloneUrl, comment);
  const reply = await eventually(
    () =>
      [...app.github.comments.values()].find(
        (c) => !before.has(c.id) && c.issue === comment.pr && c.body.startsWith(`@${comment.login}\n`),
      )?.body,
    15_000,
    `the reply to ${comment.body} from @${comment.login} on #${comment.pr}`,
  );
  return { commentId, reply };
}

/**
 * Sends `pull_request.closed` for `pr`, merged or not, built from GitHub's example payload: of acme/shop
 * (the repository the comment fixture names by the same id) unless another repository is given.
 */
export async function closePullRequest(
  app: Running,
  pr: number,
  merged: boolean,
  other?: { id: number; name: string },
): Promise<Response> {
  const payload = fixture<ClosedPayload>("pull_request.synchronize");
  payload.action = "closed";
  payload.number = pr;
  payload.pull_request.number = pr;
  payload.pull_request.state = "closed";
  payload.pull_request.merged = merged;
  payload.pull_request.closed_at = new Date().toISOString();
  payload.pull_request.merged_at = merged ? payload.pull_request.closed_at : null;
  if (other !== undefined) payload.repository.id = other.id;
  payload.repository.name = other?.name ?? "shop";
  payload.repository.full_name = `acme/${payload.repository.name}`;
  payload.repository.owner.login = "acme";
  return sendWebhook(app.url, "pull_request", payload);
}

interface ClosedPayload {
  action: string;
  number: number;
  pull_request: {
    number: number;
    state: string;
    merged: boolean;
    closed_at: string | null;
    merged_at: string | null;
  };
  repository: { id: number; name: string; full_name: string; owner: { login: string } };
}

const HOLD_ACTIONS = new Set(["lock", "lock-refused", "unlock", "lock-expired", "lock-released"]);

/** The hold events of the app's audit trail, oldest first. */
export async function holdEvents(app: Running): Promise<AuditEvent[]> {
  const audit = new AuditTrail(app.redis, app.prefix, createLogger("silent", []));
  const events = await audit.read({ repository: "acme/shop", count: 1_000 });
  return events.filter((event) => HOLD_ACTIONS.has(event.action));
}

/** A regex source for `@login` as replies show it: named in passing, with a joiner so nobody is pinged. */
export function named(login: string): string {
  return `@\u200d?${login}`;
}
