import { describe, expect, test } from "vitest";
import { CLOCK_SKEW_MS, pickDispatchedRun } from "../../../src/executors/workflow/pick-dispatched-run.ts";
import type { WorkflowRun } from "../../../src/shared/workflow-calls.ts";

const SHA = "a".repeat(40);
const OTHER = "b".repeat(40);
const AT = 1_700_000_000_000;

function run(id: number, overrides: Partial<WorkflowRun> = {}): WorkflowRun {
  return {
    id,
    htmlUrl: `https://github.com/acme/shop/actions/runs/${id}`,
    status: "queued",
    conclusion: null,
    headSha: SHA,
    headBranch: "main",
    event: "workflow_dispatch",
    createdAt: AT + 1_000,
    ...overrides,
  };
}

const facts = { seen: new Set([1]), dispatchedAt: AT, ref: "main", sha: SHA };

describe("pickDispatchedRun", () => {
  const cases: { name: string; runs: WorkflowRun[]; expected: number | undefined }[] = [
    { name: "nothing new yet", runs: [run(1)], expected: undefined },
    { name: "the one new run", runs: [run(2), run(1)], expected: 2 },
    {
      name: "a run seen before the dispatch is never taken",
      runs: [run(1, { createdAt: AT + 5_000 })],
      expected: undefined,
    },
    { name: "other events do not count", runs: [run(2, { event: "push" })], expected: undefined },
    {
      name: "a run created well before the dispatch is not ours",
      runs: [run(2, { createdAt: AT - CLOCK_SKEW_MS - 1 })],
      expected: undefined,
    },
    {
      name: "GitHub's clock a little behind still counts",
      runs: [run(2, { createdAt: AT - 5_000 })],
      expected: 2,
    },
    {
      name: "on the dispatched ref at the pinned SHA beats on the ref",
      runs: [run(3, { headSha: OTHER, createdAt: AT + 100 }), run(4, { createdAt: AT + 200 })],
      expected: 4,
    },
    {
      name: "on the dispatched ref beats another ref",
      runs: [
        run(3, { headBranch: "dev", createdAt: AT + 100 }),
        run(4, { headSha: OTHER, createdAt: AT + 200 }),
      ],
      expected: 4,
    },
    {
      name: "among equals, the oldest: later ones are later dispatches",
      runs: [
        run(5, { createdAt: AT + 300 }),
        run(4, { createdAt: AT + 200 }),
        run(3, { createdAt: AT + 200 }),
      ],
      expected: 3,
    },
    {
      name: "any new dispatched run when none is on the ref",
      runs: [run(6, { headBranch: "v1.2.0", headSha: OTHER })],
      expected: 6,
    },
  ];
  test.each(cases)("$name", ({ runs, expected }) => {
    expect(pickDispatchedRun(runs, facts)?.id).toBe(expected);
  });
});
