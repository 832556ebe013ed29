import type { Running } from "./harness.ts";

/** What the fake GitHub shows a user reading a pull request's thread, for integration tests. */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Bodies of the comments Shipmate wrote on pull request `pr`, oldest first. */
export function commentsOn(app: Running, pr: number): string[] {
  return [...app.github.comments.values()].filter((c) => c.issue === pr).map((c) => c.body);
}

/** The status comment of task `taskId` (found by its hidden marker), or undefined. */
export function statusComment(app: Running, taskId: string): string | undefined {
  return [...app.github.comments.values()].find((c) => c.body.startsWith(`<!-- shipmate:job:${taskId} -->`))
    ?.body;
}

/** Waits until `read()` returns something; fails naming `what` when it never does. */
export async function eventually<T>(read: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Waits until a comment matching `pattern` exists and returns its body. */
export async function waitForComment(app: Running, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = [...app.github.comments.values()].find((c) => pattern.test(c.body));
    if (found) return found.body;
    await sleep(20);
  }
  const bodies = [...app.github.comments.values()].map((c) => c.body).join("\n=====\n");
  throw new Error(
    `no comment matching ${pattern}; comments:\n${bodies}\ncalls:\n${app.github.describeCalls()}`,
  );
}

/** The reactions posted on comment `commentId`, in order. */
export function reactionsOn(app: Running, commentId: number): string[] {
  return app.github
    .callsMatching(new RegExp(`^POST /repos/[^/]+/[^/]+/issues/comments/${commentId}/reactions$`))
    .map((c) => (c.body as { content: string }).content);
}

/** Waits until comment `commentId` has `count` reactions. */
export async function waitForReactions(app: Running, commentId: number, count: number): Promise<string[]> {
  await app.github.waitFor(new RegExp(`/issues/comments/${commentId}/reactions$`), count);
  return reactionsOn(app, commentId);
}

/** The `POST …/deployments` calls made for task `taskId` (Shipmate puts the task id in the payload). */
export function deploymentsFor(app: Running, taskId: string): unknown[] {
  return app.github
    .callsMatching(/^POST \/repos\/[^/]+\/[^/]+\/deployments$/)
    .filter((c) => (c.body as { payload?: { job?: string } }).payload?.job === taskId)
    .map((c) => c.body);
}

/** Whether Redis holds a job record or a queued task for `taskId`. */
export async function taskExists(app: Running, taskId: string): Promise<boolean> {
  const found = await app.redis.exists(`${app.prefix}:job:${taskId}`, `${app.prefix}:tasks:${taskId}`);
  return found > 0;
}
