import type { FakeGitHub } from "../../test/support/fake-github.ts";
import { isFinalReaction } from "../support/call-watch.ts";

/**
 * Waits until every comment in `commentIds` has its final reaction (🚀 or 😕), or the time is up;
 * returns when each came (the fake GitHub's own timestamps), by comment id.
 */
export async function waitForFinals(
  github: FakeGitHub,
  from: number,
  commentIds: readonly number[],
  timeoutMs: number,
): Promise<Map<number, number>> {
  const finals = new Map<number, number>();
  const deadline = Date.now() + timeoutMs;
  let cursor = from;
  while (finals.size < commentIds.length && Date.now() < deadline) {
    const calls = github.calls;
    for (; cursor < calls.length; cursor++) {
      const call = calls[cursor];
      const id = call && commentIds.find((c) => isFinalReaction(call, c));
      if (call && id !== undefined && !finals.has(id)) finals.set(id, call.at);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return finals;
}
