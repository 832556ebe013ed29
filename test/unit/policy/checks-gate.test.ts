import { describe, expect, test } from "vitest";
import type { CommitChecks } from "../../../src/github/github-client.ts";
import { checksGate } from "../../../src/policy/gates/checks-gate.ts";
import type { ReasonCode } from "../../../src/policy/reason-codes.ts";
import { checks, gateFacts, requirements, run, said } from "./gate-fixtures.ts";

describe("checksGate: check runs and commit statuses on the pinned commit", () => {
  const cases: {
    name: string;
    named?: string[];
    checks: CommitChecks;
    expected: readonly ReasonCode[];
    says?: RegExp[];
  }[] = [
    { name: "no checks at all and none named", checks: checks(), expected: [] },
    {
      name: "success, neutral and skipped runs and a successful status",
      checks: checks(
        [
          run("build", "completed", "success"),
          run("lint", "completed", "neutral"),
          run("docs", "completed", "skipped"),
        ],
        [{ context: "ci/legacy", state: "success" }],
      ),
      expected: [],
    },
    ...["failure", "cancelled", "timed_out", "action_required", "stale", "startup_failure"].map(
      (conclusion) => ({
        name: `a run that ended ${conclusion}`,
        checks: checks([run("build", "completed", "success"), run("e2e", "completed", conclusion)]),
        expected: ["checks-failing"] as const,
        says: [new RegExp(`\`e2e\` \\(${conclusion}\\) is not\\.`)],
      }),
    ),
    ...["failure", "error"].map((state) => ({
      name: `a status in state ${state}`,
      checks: checks([], [{ context: "ci/jenkins", state }]),
      expected: ["checks-failing"] as const,
      says: [new RegExp(`\`ci/jenkins\` \\(${state}\\)`)],
    })),
    {
      name: "several failing ones are each named",
      checks: checks(
        [run("a", "completed", "failure"), run("b", "completed", "cancelled")],
        [{ context: "c", state: "error" }],
      ),
      expected: ["checks-failing"],
      says: [/`a` \(failure\), `b` \(cancelled\), `c` \(error\) are not\./],
    },
    ...["queued", "in_progress", "waiting"].map((status) => ({
      name: `a run still ${status}`,
      checks: checks([run("e2e", status)]),
      expected: ["checks-pending"] as const,
      says: [new RegExp(`\`e2e\` \\(${status}\\) has not finished`), /Wait for them to finish/],
    })),
    {
      name: "a pending status",
      checks: checks([], [{ context: "deploy/preview", state: "pending" }]),
      expected: ["checks-pending"],
      says: [/`deploy\/preview` \(pending\)/],
    },
    {
      name: "a named check that has not reported",
      named: ["e2e", "build"],
      checks: checks([run("build", "completed", "success")]),
      expected: ["checks-missing"],
      says: [
        /needs `e2e` on commit `c0ffee0`, and it has not reported there/,
        /remove it from `require.checks`/,
      ],
    },
    {
      name: "named checks found as a run and as a status, in any letter case",
      named: ["Build", "ci/legacy"],
      checks: checks([run("build", "completed", "success")], [{ context: "ci/legacy", state: "success" }]),
      expected: [],
    },
    {
      name: "a named check that is there but pending is pending, not missing",
      named: ["e2e"],
      checks: checks([run("e2e", "in_progress")]),
      expected: ["checks-pending"],
    },
    {
      name: "no checks at all but one named",
      named: ["build"],
      checks: checks(),
      expected: ["checks-missing"],
    },
    {
      name: "failing, pending and missing at once, each explained",
      named: ["deploy-gate", "security"],
      checks: checks([run("build", "completed", "failure"), run("e2e", "queued")]),
      expected: ["checks-failing", "checks-pending", "checks-missing"],
      says: [
        /`build` \(failure\)/,
        /`e2e` \(queued\)/,
        /`deploy-gate`, `security` on commit .* they have not reported/,
      ],
    },
  ];
  test.each(cases)("$name", ({ named, checks: found, expected, says }) => {
    const refusals = checksGate(
      requirements({ checks: { named: named ?? [] } }),
      "production",
      gateFacts({ checks: found }),
    );
    expect(refusals.map((r) => r.code)).toEqual(expected);
    for (const pattern of says ?? []) expect(said(refusals)).toMatch(pattern);
  });

  test("without require.checks, failing checks do not matter", () => {
    const found = checks([run("build", "completed", "failure")]);
    expect(checksGate(requirements(), "production", gateFacts({ checks: found }))).toEqual([]);
  });

  test("checks that were not read refuse rather than pass", () => {
    const refusals = checksGate(
      requirements({ checks: { named: [] } }),
      "production",
      gateFacts({ checks: undefined }),
    );
    expect(refusals.map((r) => r.code)).toEqual(["checks-missing"]);
    expect(said(refusals)).toMatch(/could not be read/);
  });

  test("a backtick in a check's name cannot break out of its code span", () => {
    const refusals = checksGate(
      requirements({ checks: { named: [] } }),
      "production",
      gateFacts({ checks: checks([run("evil` **bold**", "completed", "failure")]) }),
    );
    expect(refusals[0]?.message).toContain("`evil' **bold**` (failure)");
  });
});
