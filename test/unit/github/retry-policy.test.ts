import { describe, expect, test } from "vitest";
import { adviseRetry, type RetryAdvice } from "../../../src/github/retry-policy.ts";
import { NOW, requestError, useFixedClock } from "../../support/github-errors.ts";

useFixedClock();

const retryNow: RetryAdvice = { kind: "retry", afterMs: undefined };
const giveUp: RetryAdvice = { kind: "give-up" };

describe("adviseRetry", () => {
  const resetIn60s = String(NOW / 1000 + 60);
  const cases: { name: string; error: unknown; expected: RetryAdvice }[] = [
    { name: "500", error: requestError(500), expected: retryNow },
    { name: "502", error: requestError(502), expected: retryNow },
    { name: "503", error: requestError(503), expected: retryNow },
    { name: "504", error: requestError(504), expected: retryNow },
    { name: "408 request timeout", error: requestError(408), expected: retryNow },
    {
      name: "a network error (no status)",
      error: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" }),
      expected: retryNow,
    },
    { name: "a fetch TypeError", error: new TypeError("fetch failed"), expected: retryNow },
    { name: "403 without rate-limit headers (forbidden)", error: requestError(403), expected: giveUp },
    {
      name: "403 with some rate limit left is a real refusal",
      error: requestError(403, { "x-ratelimit-remaining": "42", "x-ratelimit-reset": resetIn60s }),
      expected: giveUp,
    },
    {
      name: "403 with the primary rate limit used up waits until the reset, plus a second",
      error: requestError(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": resetIn60s }),
      expected: { kind: "retry", afterMs: 61_000 },
    },
    {
      name: "403 with a numeric x-ratelimit-remaining of 0",
      error: requestError(403, { "x-ratelimit-remaining": 0, "x-ratelimit-reset": Number(resetIn60s) }),
      expected: { kind: "retry", afterMs: 61_000 },
    },
    {
      name: "403 secondary rate limit with retry-after",
      error: requestError(403, { "retry-after": "30" }),
      expected: { kind: "retry", afterMs: 30_000 },
    },
    {
      name: "403 secondary rate limit named only in the message",
      error: requestError(403, {}, "You have exceeded a secondary rate limit"),
      expected: retryNow,
    },
    {
      name: "429 with retry-after",
      error: requestError(429, { "retry-after": "5" }),
      expected: { kind: "retry", afterMs: 5_000 },
    },
    { name: "429 without headers", error: requestError(429), expected: retryNow },
    {
      name: "429 with only x-ratelimit-reset",
      error: requestError(429, { "x-ratelimit-reset": resetIn60s }),
      expected: { kind: "retry", afterMs: 61_000 },
    },
    {
      name: "429 with a reset already past waits one second",
      error: requestError(429, { "x-ratelimit-reset": String(NOW / 1000 - 10) }),
      expected: { kind: "retry", afterMs: 1_000 },
    },
    {
      name: "retry-after wins over x-ratelimit-reset",
      error: requestError(429, { "retry-after": "2", "x-ratelimit-reset": resetIn60s }),
      expected: { kind: "retry", afterMs: 2_000 },
    },
    { name: "400", error: requestError(400), expected: giveUp },
    { name: "401", error: requestError(401), expected: giveUp },
    { name: "404", error: requestError(404), expected: giveUp },
    { name: "410", error: requestError(410), expected: giveUp },
    { name: "422", error: requestError(422), expected: giveUp },
    { name: "a 404 without a response object", error: { status: 404 }, expected: giveUp },
  ];
  test.each(cases)("$name", ({ error, expected }) => {
    expect(adviseRetry(error)).toEqual(expected);
  });
});
