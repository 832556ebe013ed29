import { expect } from "vitest";
import type { JobView } from "../../src/jobs/job-view.ts";
import type { FakeDeployment } from "./fake-github.ts";
import { prComment, type Running, sendWebhook } from "./harness.ts";
import { eventually, sleep, statusComment } from "./pr-thread.ts";

/**
 * Commands on acme/shop's pull requests and what integration tests read back about the jobs they start:
 * the job's record in Redis, its Deployment in the fake GitHub, its status comment and the replies.
 */

/**
 * Markdown as a reader sees it: the zero-width joiners Shipmate puts after the `@` of people it names
 * without notifying them, and the backslashes of escapes, removed, so that tests can look for `@bob`.
 */
export function readable(markdown: string): string {
  return markdown.replaceAll("\u200d", "").replace(/\\([\\`*_{}[\]<>#!~&$])/g, "$1");
}

/** A comment someone writes on a pull request of acme/shop; without `commentId` it gets a fresh one. */
export interface Said {
  login: string;
  pr: number;
  body: string;
  commentId?: number;
}

// Far from the ids tests choose themselves, so that a generated one never meets a chosen one.
let lastCommentId = 900_000;

function freshCommentId(): number {
  lastCommentId += 1;
  return lastCommentId;
}

/** Sends the comment as GitHub would deliver it (the worker fetches tasks from `cloneUrl`); returns its id. */
export async function post(app: Running, cloneUrl: string, said: Said): Promise<number> {
  const commentId = said.commentId ?? freshCommentId();
  const payload = prComment({
    body: said.body,
    commentId,
    login: said.login,
    pullRequest: said.pr,
    cloneUrl,
  });
  expect((await sendWebhook(app.url, "issue_comment", payload)).status).toBe(202);
  return commentId;
}

/**
 * Sends the comment and waits for Shipmate's one reply to it: the next new comment on the same pull
 * request addressed to its author. Returns the comment's id and the reply as a reader sees it.
 */
export async function ask(
  app: Running,
  cloneUrl: string,
  said: Said,
): Promise<{ commentId: number; reply: string }> {
  const before = new Set(app.github.comments.keys());
  const commentId = await post(app, cloneUrl, said);
  const reply = await eventually(
    () =>
      [...app.github.comments.values()].find(
        (c) => !before.has(c.id) && c.issue === said.pr && c.body.startsWith(`@${said.login}\n`),
      ),
    15_000,
    `the reply to ${JSON.stringify(said.body)} by @${said.login} on #${said.pr}`,
  );
  return { commentId, reply: readable(reply.body) };
}

/** Waits for a reply to `login` that says `text`, wherever and whenever it was asked; returns it readable. */
export async function waitForReply(app: Running, login: string, text: string): Promise<string> {
  const replies = () =>
    [...app.github.comments.values()]
      .map((comment) => readable(comment.body))
      .filter((body) => body.startsWith(`@${login}\n`));
  try {
    return await eventually(
      () => replies().find((body) => body.includes(text)),
      15_000,
      `a reply to @${login} saying ${JSON.stringify(text)}`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; replies to @${login}:\n${replies().join("\n=====\n")}`);
  }
}

/** Waits until the job's status comment, as a reader sees it, matches `pattern`; returns that text. */
export async function waitForStatus(
  app: Running,
  id: string,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<string> {
  const read = () => {
    const body = statusComment(app, id);
    return body === undefined ? undefined : readable(body);
  };
  try {
    return await eventually(
      () => {
        const body = read();
        return body !== undefined && pattern.test(body) ? body : undefined;
      },
      timeoutMs,
      `the status comment of ${id} to match ${pattern}`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; it reads:\n${read() ?? "(none)"}`);
  }
}

/** The job's record as Shipmate keeps it in Redis, or undefined while there is none. */
export async function jobView(app: Running, id: string): Promise<JobView | undefined> {
  const raw = await app.redis.hget(`${app.prefix}:job:${id}`, "view");
  return raw === null ? undefined : (JSON.parse(raw) as JobView);
}

/** Waits until the job's record shows `state`; fails naming the state it was left in. */
export async function waitForState(
  app: Running,
  id: string,
  state: JobView["state"],
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | undefined;
  while (Date.now() < deadline) {
    seen = (await jobView(app, id))?.state;
    if (seen === state) return;
    await sleep(20);
  }
  throw new Error(`${id} never became ${state}; last seen ${seen ?? "without a record"}`);
}

/** The job's Deployment as the fake GitHub holds it, or undefined when it has none. */
export async function deploymentOf(app: Running, id: string): Promise<FakeDeployment | undefined> {
  const raw = await app.redis.hget(`${app.prefix}:job:${id}`, "targets");
  const deploymentId = raw === null ? undefined : (JSON.parse(raw) as { deploymentId?: number }).deploymentId;
  if (deploymentId === undefined) return undefined;
  return app.github.deploymentsOf("acme", "shop").find((deployment) => deployment.id === deploymentId);
}

/** The states of the job's Deployment, oldest first; undefined when it has none. */
export async function deploymentStates(app: Running, id: string): Promise<string[] | undefined> {
  return (await deploymentOf(app, id))?.statuses.map((status) => status.state);
}

/** Waits until the job's Deployment's latest state is `state`; returns every state it had, oldest first. */
export async function waitForDeploymentState(app: Running, id: string, state: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const states = await deploymentStates(app, id);
    if (states?.at(-1) === state) return states;
    if (Date.now() > deadline) {
      const had = states === undefined ? "it has none" : `states: ${states.join(", ")}`;
      throw new Error(`the Deployment of ${id} never became ${state}; ${had}`);
    }
    await sleep(20);
  }
}
