import { afterEach, beforeEach, vi } from "vitest";

/** The instant the rate-limit tests pretend it is. */
export const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Freezes the clock at NOW for every test of the calling file. */
export function useFixedClock(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** An error shaped like Octokit's RequestError: `status` and `response.headers`. */
export function requestError(
  status: number,
  headers: Record<string, string | number> = {},
  message = `HTTP ${status}`,
): Error & { status: number } {
  return Object.assign(new Error(message), { status, response: { status, headers, data: {} } });
}
