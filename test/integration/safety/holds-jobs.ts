import type { Running } from "../../support/harness.ts";
import { eventually, statusComment } from "../../support/pr-thread.ts";

/** A job's state as its record holds it, or undefined while it has none. */
export async function jobState(app: Running, id: string): Promise<string | undefined> {
  const view = await app.redis.hget(`${app.prefix}:job:${id}`, "view");
  return view === null ? undefined : (JSON.parse(view) as { state: string }).state;
}

/** Waits until the job's record shows `state`; fails naming the state it was left in. */
export async function waitForState(
  app: Running,
  id: string,
  state: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | undefined;
  while (Date.now() < deadline) {
    seen = await jobState(app, id);
    if (seen === state) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${id} never became ${state}; last seen ${seen ?? "without a record"}`);
}

/** Waits until the status comment of `id` matches `pattern` and returns it. */
export async function waitForStatus(
  app: Running,
  id: string,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<string> {
  return eventually(
    () => {
      const body = statusComment(app, id);
      return body !== undefined && pattern.test(body) ? body : undefined;
    },
    timeoutMs,
    `the status comment of ${id} to match ${pattern}`,
  );
}
