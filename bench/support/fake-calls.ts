import type { FakeGitHub } from "../../test/support/fake-github.ts";

/**
 * Counts the 🚀 reactions the fake GitHub has recorded and drops its record: it keeps every call
 * with its body, which over thousands of deploys would put the bench's own memory in the RSS figures.
 */
export function takeRockets(github: FakeGitHub): number {
  const calls = github.calls.splice(0);
  return calls.filter(
    (c) => c.method === "POST" && (c.body as { content?: unknown } | undefined)?.content === "rocket",
  ).length;
}
