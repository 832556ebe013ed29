/** How far a request's `x-slack-request-timestamp` may be from our clock, either way (Slack's own rule). */
export const REQUEST_WINDOW_SECONDS = 5 * 60;

/**
 * True when the timestamp header is a whole number of seconds within five minutes of now, before or
 * after. Bolt refuses old requests but not ones from the future: a request signed ahead of time (a
 * leaked secret, a skewed clock) would otherwise replay for as long as its timestamp stayed "fresh".
 */
export function withinRequestWindow(header: string, nowMs: number): boolean {
  if (!/^\d{1,12}$/.test(header)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(header)) <= REQUEST_WINDOW_SECONDS;
}
