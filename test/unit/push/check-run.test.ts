import { describe, expect, test } from "vitest";
import { JOB_STATES, type JobState } from "../../../src/jobs/job-view.ts";
import { checkStatusOf, renderCheckRun } from "../../../src/reporting/render/check-run.ts";
import { jobView } from "../../support/job-view-fixture.ts";

const SHA = "abc1234def5678abc1234def5678abc1234def56";

/** The `unit` check job of a push to feature/x by alice, queued at t = 1s; tests set its state. */
function check(overrides: Parameters<typeof jobView>[0] = {}) {
  return jobView({
    id: "check-d1-1",
    task: "check",
    environment: "",
    pullRequest: undefined,
    ref: "feature/x",
    sha: SHA,
    queuedAt: 1_000,
    startedAt: 2_000,
    finishedAt: 65_000,
    ...overrides,
  });
}

describe("checkStatusOf: the check run mirrors the job's state", () => {
  const expected: Record<JobState, [string, string | undefined]> = {
    awaiting_approval: ["queued", undefined],
    queued: ["queued", undefined],
    running: ["in_progress", undefined],
    succeeded: ["completed", "success"],
    failed: ["completed", "failure"],
    timed_out: ["completed", "timed_out"],
    cancelled: ["completed", "cancelled"],
    // Nobody knows whether it would have passed: it must not count as green.
    interrupted: ["completed", "failure"],
    refused: ["completed", "failure"],
  };
  test.each(JOB_STATES.map((state) => ({ state, pair: expected[state] })))("$state", ({ state, pair }) => {
    const { status, conclusion } = checkStatusOf(state);
    expect([status, conclusion]).toEqual(pair);
  });
});

describe("renderCheckRun: title and summary for each outcome", () => {
  const cases: {
    name: string;
    view: Parameters<typeof jobView>[0];
    title: string | RegExp;
    summary: string;
  }[] = [
    {
      name: "waiting",
      view: { state: "queued", startedAt: undefined, finishedAt: undefined },
      title: "Waiting for a worker",
      summary: "`unit` runs as soon as a worker is free.",
    },
    {
      name: "running",
      view: { state: "running", finishedAt: undefined },
      title: "Running",
      summary: "`unit` is running; its latest output is below.",
    },
    {
      name: "passed",
      view: { state: "succeeded" },
      title: "Passed in 1m 03s",
      summary: "`unit` passed in 1m 03s.",
    },
    {
      name: "failed with an exit code",
      view: { state: "failed", exitCode: 2 },
      title: "Failed with exit code 2",
      summary: "`unit` exited with code 2 after 1m 03s. The last lines of its output are below.",
    },
    {
      name: "could not start",
      view: {
        state: "failed",
        exitCode: null,
        problem: "The check command could not be started: ENOENT.\nmore",
      },
      title: "Could not run",
      summary: "`unit` could not run: The check command could not be started: ENOENT.",
    },
    {
      name: "could not fetch the commit: Re-run, not a comment, is what to do",
      view: {
        state: "failed",
        exitCode: undefined,
        problem:
          "Shipmate could not fetch commit `abc1234`: not found. Check that the commit still exists and the app can read the repository, then comment `/check ` again.",
      },
      title: "Could not run",
      summary:
        "`unit` could not run: Shipmate could not fetch commit `abc1234`: not found. Check that the commit still exists and the app can read the repository, then press **Re-run**.",
    },
    {
      name: "timed out",
      view: { state: "timed_out" },
      title: "Timed out after 1m 03s",
      summary: "`unit` ran longer than its `timeout`",
    },
    {
      name: "superseded",
      view: {
        state: "cancelled",
        problem: "Superseded before it started: `feature/x` moved on to `fedcba9`.",
      },
      title: "Cancelled",
      summary: "Superseded before it started: `feature/x` moved on to `fedcba9`.",
    },
    {
      name: "cancelled without a reason",
      view: { state: "cancelled" },
      title: "Cancelled",
      summary: "`unit` was cancelled.",
    },
    {
      name: "interrupted",
      view: { state: "interrupted" },
      title: "Interrupted",
      summary: "Press **Re-run** to run it again.",
    },
  ];
  test.each(cases)("$name", ({ view, title, summary }) => {
    const fields = renderCheckRun(check(view), "unit", 70_000);
    expect(fields.output.title).toEqual(title);
    expect(fields.output.summary).toContain(summary);
    expect(fields.output.summary).toContain("Commit `abc1234`, pushed by @\u200dalice.");
    expect(fields.output.annotations).toEqual([]);
  });
});

describe("renderCheckRun: times", () => {
  test("a finished check has its start and end", () => {
    expect(renderCheckRun(check({ state: "failed", exitCode: 1 }), "unit", 70_000)).toMatchObject({
      status: "completed",
      conclusion: "failure",
      startedAt: 2_000,
      completedAt: 65_000,
    });
  });

  test("an unfinished one has no end, and a waiting one no start", () => {
    const running = renderCheckRun(check({ state: "running", finishedAt: undefined }), "unit", 70_000);
    expect([running.startedAt, running.completedAt]).toEqual([2_000, undefined]);
    const queued = check({ state: "queued", startedAt: undefined, finishedAt: undefined });
    expect(renderCheckRun(queued, "unit", 70_000).startedAt).toBeUndefined();
  });

  test("a check cancelled before it finished is completed now", () => {
    const cancelled = check({ state: "cancelled", startedAt: undefined, finishedAt: undefined });
    expect(renderCheckRun(cancelled, "unit", 70_000).completedAt).toBe(70_000);
  });
});

describe("renderCheckRun: output", () => {
  test("no output yet, no text", () => {
    expect(renderCheckRun(check({ output: "" }), "unit", 70_000).output.text).toBeUndefined();
  });

  test("the output as a code block, without terminal colours", () => {
    const text = renderCheckRun(check({ output: "\u001b[32mok\u001b[0m 3 tests\n" }), "unit", 70_000).output
      .text;
    expect(text).toContain("ok 3 tests");
    expect(text).not.toContain("\u001b");
    expect(text).toMatch(/^`{3,}/);
  });

  test("the last 200 lines, saying how many came before", () => {
    const output = Array.from({ length: 450 }, (_, i) => `line ${i + 1}`).join("\n");
    const text = renderCheckRun(check({ output }), "unit", 70_000).output.text ?? "";
    expect(text).toMatch(/^… 250 earlier lines not shown/);
    expect(text).toContain("line 251\n");
    expect(text).toContain("line 450");
    expect(text).not.toContain("line 250\n");
  });

  test("a fence in the output cannot close the code block", () => {
    const text =
      renderCheckRun(check({ output: "```\n# not a heading\n" }), "unit", 70_000).output.text ?? "";
    const fence = /^`{3,}/.exec(text)?.[0] ?? "";
    expect(fence.length).toBeGreaterThan(3);
    expect(text.trimEnd().endsWith(fence)).toBe(true);
  });

  test("stays under GitHub's 65,535 characters however long the lines", () => {
    const output = Array.from({ length: 300 }, () => "x".repeat(2_000)).join("\n");
    const fields = renderCheckRun(check({ output }), "unit", 70_000);
    expect((fields.output.text ?? "").length).toBeLessThan(65_535);
  });
});
