import type { FakeGitHub, RecordedCall } from "../../test/support/fake-github.ts";

/** The first recorded call at or after `from` that the predicate accepts. */
export function firstCall(
  github: FakeGitHub,
  from: number,
  accept: (call: RecordedCall) => boolean,
): RecordedCall | undefined {
  const calls = github.calls;
  for (let i = from; i < calls.length; i++) {
    const call = calls[i];
    if (call && accept(call)) return call;
  }
  return undefined;
}

/**
 * Waits for the first such call by polling the fake's record (cheap: only new calls are read).
 * Timings come from the call's own `at`, so the polling interval does not change them.
 */
export async function waitForCall(
  github: FakeGitHub,
  from: number,
  accept: (call: RecordedCall) => boolean,
  timeoutMs: number,
): Promise<RecordedCall | undefined> {
  const deadline = Date.now() + timeoutMs;
  let cursor = from;
  while (Date.now() < deadline) {
    const calls = github.calls;
    for (; cursor < calls.length; cursor++) {
      const call = calls[cursor];
      if (call && accept(call)) return call;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return undefined;
}

/** The reaction a call posts on comment `commentId`, or undefined when it is not one. */
export function reactionOn(call: RecordedCall, commentId: number): string | undefined {
  if (call.method !== "POST" || call.path !== `/repos/acme/shop/issues/comments/${commentId}/reactions`) {
    return undefined;
  }
  const content = (call.body as { content?: unknown } | undefined)?.content;
  return typeof content === "string" ? content : undefined;
}

/** True for the final reaction on a command: 🚀 on success, 😕 on failure. */
export function isFinalReaction(call: RecordedCall, commentId: number): boolean {
  const reaction = reactionOn(call, commentId);
  return reaction === "rocket" || reaction === "confused";
}
