import { UnrecoverableError } from "bullmq";
import { describe, expect, test } from "vitest";
import { githubBackoff, giveUpUnlessRetryable } from "../../../src/queue/github-backoff.ts";
import { NOW, requestError, useFixedClock } from "../../support/github-errors.ts";

useFixedClock();

describe("githubBackoff: exponential for errors worth retrying", () => {
  const cases: { attemptsMade: number; expected: number }[] = [
    { attemptsMade: 0, expected: 1_000 },
    { attemptsMade: 1, expected: 1_000 },
    { attemptsMade: 2, expected: 2_000 },
    { attemptsMade: 3, expected: 4_000 },
    { attemptsMade: 5, expected: 16_000 },
    { attemptsMade: 9, expected: 256_000 },
    { attemptsMade: 10, expected: 300_000 },
    { attemptsMade: 40, expected: 300_000 },
  ];
  test.each(cases)("after $attemptsMade attempt(s) of a 502 → $expected ms", ({ attemptsMade, expected }) => {
    expect(githubBackoff(attemptsMade, "github", requestError(502))).toBe(expected);
  });

  test("a network error backs off the same way", () => {
    expect(githubBackoff(3, "github", new Error("socket hang up"))).toBe(4_000);
  });

  test("no error at all is treated as worth retrying", () => {
    expect(githubBackoff(2)).toBe(2_000);
  });
});

describe("githubBackoff: rate limits and errors that will not improve", () => {
  const cases: { name: string; error: Error; expected: number }[] = [
    { name: "429 retry-after 30 s", error: requestError(429, { "retry-after": "30" }), expected: 30_000 },
    {
      name: "403 used-up rate limit resetting in 10 min",
      error: requestError(403, {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(NOW / 1000 + 600),
      }),
      expected: 601_000,
    },
    {
      name: "a retry-after of 2 h is capped at 1 h",
      error: requestError(429, { "retry-after": "7200" }),
      expected: 3_600_000,
    },
    { name: "404 is not retried", error: requestError(404), expected: -1 },
    { name: "422 is not retried", error: requestError(422), expected: -1 },
    { name: "403 without a rate limit is not retried", error: requestError(403), expected: -1 },
  ];
  test.each(cases)("$name → $expected", ({ error, expected }) => {
    // The rate limit's wait does not grow with the attempts made.
    expect(githubBackoff(1, "github", error)).toBe(expected);
    expect(githubBackoff(6, "github", error)).toBe(expected);
  });
});

describe("giveUpUnlessRetryable", () => {
  test.each([404, 422, 401, 403])("a %i becomes an UnrecoverableError with the same message", (status) => {
    const wrapped = giveUpUnlessRetryable(requestError(status));
    expect(wrapped).toBeInstanceOf(UnrecoverableError);
    expect((wrapped as Error).message).toBe(`HTTP ${status}`);
  });

  test.each([
    ["a 502", requestError(502)],
    ["a 429", requestError(429, { "retry-after": "1" })],
    ["a network error", new Error("ECONNRESET")],
    ["an UnrecoverableError", new UnrecoverableError("already final")],
  ])("%s is passed through untouched", (_name, error) => {
    expect(giveUpUnlessRetryable(error)).toBe(error);
  });

  test("a thrown non-Error value that names a status keeps its text", () => {
    const wrapped = giveUpUnlessRetryable({ status: 404, toString: () => "not found" });
    expect(wrapped).toBeInstanceOf(UnrecoverableError);
    expect((wrapped as Error).message).toBe("not found");
  });
});
