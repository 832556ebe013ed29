import type { NotBeforeGate } from "../shared/not-before-gate.ts";
import { adviseRetry } from "./retry-policy.ts";

/**
 * Wraps one installation's GitHub calls so that they honour a rate limit any worker was told: after a
 * 429, or a 403 secondary rate limit, with Retry-After (or a spent quota's reset time), no call for that
 * installation is made until it has passed; each fails at once as a 429 whose Retry-After is the time
 * left. GitHub may ban an integration that keeps calling while it is rate limited.
 */
export function rateGatedGitHubClient<Client extends object>(
  client: Client,
  gate: NotBeforeGate,
  installationId: number,
): Client {
  const key = String(installationId);
  const gated = async (call: () => unknown): Promise<unknown> => {
    const left = await gate.waitMs(key);
    if (left > 0) throw heldError(left);
    try {
      return await call();
    } catch (error) {
      const advice = adviseRetry(error);
      if (advice.kind === "retry" && advice.afterMs !== undefined) await gate.hold(key, advice.afterMs);
      throw error;
    }
  };
  const entries = Object.entries(client).map(([name, value]) => [
    name,
    typeof value === "function"
      ? (...args: unknown[]) => gated(() => (value as (...a: unknown[]) => unknown).apply(client, args))
      : value,
  ]);
  return Object.fromEntries(entries) as Client;
}

/** Shaped like Octokit's RequestError, so the queues' backoff waits exactly the time left. */
function heldError(leftMs: number): Error & { status: number } {
  const headers = { "retry-after": String(leftMs / 1000) };
  return Object.assign(new Error(`GitHub rate limit: calls are held for another ${leftMs} ms`), {
    status: 429,
    response: { status: 429, headers, data: {} },
  });
}
