import { describe, expect, test } from "vitest";
import type { TaskRunKind } from "../../../src/executors/run-task.ts";
import { isFinal } from "../../../src/jobs/job-view.ts";
import { describeRunResult } from "../../../src/worker/task-outcome.ts";

type Input = Parameters<typeof describeRunResult>[0];

function input(overrides: Partial<Input> = {}): Input {
  return {
    kind: "succeeded",
    exitCode: 0,
    reason: undefined,
    task: "deploy",
    environment: "staging",
    timeoutMs: 30 * 60_000,
    shortSha: "abc1234",
    ...overrides,
  };
}

describe("describeRunResult: the final state of each kind of result", () => {
  const cases: { kind: TaskRunKind; state: string; problem: boolean }[] = [
    { kind: "succeeded", state: "succeeded", problem: false },
    { kind: "failed", state: "failed", problem: true },
    { kind: "timed_out", state: "timed_out", problem: true },
    { kind: "cancelled", state: "cancelled", problem: true },
    { kind: "checkout_failed", state: "failed", problem: true },
    { kind: "spawn_failed", state: "failed", problem: true },
  ];
  test.each(cases)("$kind → $state", ({ kind, state, problem }) => {
    const outcome = describeRunResult(input({ kind, exitCode: kind === "succeeded" ? 0 : 1 }));
    expect(outcome.state).toBe(state);
    expect(isFinal(outcome.state)).toBe(true);
    expect(outcome.problem !== undefined).toBe(problem);
  });
});

describe("describeRunResult: what the requester reads", () => {
  const cases: { name: string; input: Partial<Input>; says: (string | RegExp)[] }[] = [
    {
      name: "a failure names the exit code and how to run again",
      input: { kind: "failed", exitCode: 3 },
      says: ["exited with code 3", "`/deploy staging` again"],
    },
    {
      name: "a failure without an exit code says so",
      input: { kind: "failed", exitCode: null },
      says: ["exited with code unknown"],
    },
    {
      name: "a migrate failure names the migrate task",
      input: { kind: "failed", exitCode: 1, task: "migrate", environment: "production" },
      says: ["The migrate task", "`/migrate production` again"],
    },
    {
      name: "a timeout of whole hours",
      input: { kind: "timed_out", timeoutMs: 2 * 3_600_000 },
      says: ["longer than 2h", "`timeout`", "`/deploy staging` again"],
    },
    {
      name: "a timeout of whole minutes",
      input: { kind: "timed_out", timeoutMs: 90 * 60_000 },
      says: ["longer than 90m"],
    },
    {
      name: "a timeout of seconds",
      input: { kind: "timed_out", timeoutMs: 45_000 },
      says: ["longer than 45s"],
    },
    {
      name: "a timeout of 90 seconds",
      input: { kind: "timed_out", timeoutMs: 90_000 },
      says: ["longer than 90s"],
    },
    {
      name: "a timeout under a second rounds",
      input: { kind: "timed_out", timeoutMs: 1_500 },
      says: ["longer than 2s"],
    },
    {
      name: "a failed checkout names the commit and the reason",
      input: {
        kind: "checkout_failed",
        reason: "fatal: remote error: upload-pack: not our ref",
        exitCode: undefined,
      },
      says: ["`abc1234`", "not our ref", "`/deploy staging` again"],
    },
    {
      name: "a failed checkout without a reason",
      input: { kind: "checkout_failed", reason: undefined, exitCode: undefined },
      says: ["unknown error"],
    },
    {
      name: "a command that could not start points at the config",
      input: { kind: "spawn_failed", reason: "spawn ./deploy.sh ENOENT", exitCode: undefined },
      says: ["could not be started", "ENOENT", "`.github/shipmate.yml`"],
    },
    { name: "a cancellation", input: { kind: "cancelled", exitCode: null }, says: [/cancelled/] },
  ];
  test.each(cases)("$name", ({ input: overrides, says }) => {
    const problem = describeRunResult(input(overrides)).problem ?? "";
    for (const part of says) {
      if (typeof part === "string") expect(problem).toContain(part);
      else expect(problem).toMatch(part);
    }
  });

  test("success has nothing to fix", () => {
    expect(describeRunResult(input())).toEqual({ state: "succeeded", problem: undefined });
  });
});
