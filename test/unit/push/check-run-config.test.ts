import { describe, expect, test } from "vitest";
import {
  ANNOTATIONS_PER_REQUEST,
  MAX_ANNOTATIONS,
} from "../../../src/reporting/render/check-run-annotations.ts";
import {
  type ConfigCheckProblem,
  renderConfigCheck,
} from "../../../src/reporting/render/check-run-config.ts";

const FILE = ".github/shipmate.yml";

function problem(overrides: Partial<ConfigCheckProblem> = {}): ConfigCheckProblem {
  return {
    path: "environments.staging.lock_tll",
    line: 5,
    column: 5,
    message: "unknown key `lock_tll`: did you mean `lock_ttl`?",
    ...overrides,
  };
}

describe("renderConfigCheck: the conclusion and title for the file at the pushed commit", () => {
  const cases = [
    {
      name: "valid",
      input: { kind: "valid", environments: 2, checks: 1 } as const,
      conclusion: "success",
      title: "Valid",
      summary:
        "`.github/shipmate.yml` is valid: 2 environments and 1 check. It takes effect once it is on the default branch.",
    },
    {
      name: "valid, one environment and no checks",
      input: { kind: "valid", environments: 1, checks: 0 } as const,
      conclusion: "success",
      title: "Valid",
      summary: "1 environment and 0 checks",
    },
    {
      name: "removed",
      input: { kind: "missing" } as const,
      conclusion: "neutral",
      title: "No config file",
      summary: "This commit has no `.github/shipmate.yml`.",
    },
    {
      name: "one problem",
      input: { kind: "invalid", problems: [problem()] } as const,
      conclusion: "failure",
      title: "1 problem",
      summary: "`.github/shipmate.yml` is not valid: Shipmate would refuse every command until it is fixed.",
    },
  ];
  test.each(cases)("$name", ({ input, conclusion, title, summary }) => {
    const rendered = renderConfigCheck(input, FILE);
    expect(rendered.conclusion).toBe(conclusion);
    expect(rendered.output.title).toBe(title);
    expect(rendered.output.summary).toContain(summary);
  });
});

describe("renderConfigCheck: problems", () => {
  test("each problem is listed with its line and setting, and annotated at that line", () => {
    const { output } = renderConfigCheck(
      {
        kind: "invalid",
        problems: [problem(), problem({ path: "checks.unit", line: 12, column: 3, message: "is empty" })],
      },
      FILE,
    );
    expect(output.title).toBe("2 problems");
    expect(output.summary).toContain(
      "- `.github/shipmate.yml:5` `environments.staging.lock_tll`: unknown key `lock_tll`: did you mean `lock_ttl`?",
    );
    expect(output.summary).toContain("- `.github/shipmate.yml:12` `checks.unit`: is empty");
    expect(output.annotations).toEqual([
      {
        path: FILE,
        line: 5,
        column: 5,
        level: "failure",
        message: "environments.staging.lock_tll: unknown key `lock_tll`: did you mean `lock_ttl`?",
      },
      { path: FILE, line: 12, column: 3, level: "failure", message: "checks.unit: is empty" },
    ]);
  });

  test("a problem with the whole file goes on line 1, without a column", () => {
    const { output } = renderConfigCheck(
      { kind: "invalid", problems: [problem({ path: "", line: undefined, column: 7, message: "is empty" })] },
      FILE,
    );
    expect(output.summary).toContain("- `.github/shipmate.yml` is empty");
    expect(output.annotations).toEqual([
      { path: FILE, line: 1, column: undefined, level: "failure", message: "is empty" },
    ]);
  });

  test(`at most 50 listed and ${MAX_ANNOTATIONS} annotated, the rest counted`, () => {
    const problems = Array.from({ length: 200 }, (_, i) => problem({ path: `checks.c${i}`, line: i + 1 }));
    const { output } = renderConfigCheck({ kind: "invalid", problems }, FILE);
    expect(output.title).toBe("200 problems");
    expect(output.summary.match(/^- `/gm)).toHaveLength(50);
    expect(output.summary).toContain("- … and 150 more");
    expect(output.annotations).toHaveLength(MAX_ANNOTATIONS);
    // The caller sends them in batches GitHub accepts.
    expect(MAX_ANNOTATIONS % ANNOTATIONS_PER_REQUEST).toBe(0);
  });

  test("a message cannot break out of its list item or mention anyone", () => {
    const { output } = renderConfigCheck(
      { kind: "invalid", problems: [problem({ message: "bad\n# heading @alice" })] },
      FILE,
    );
    expect(output.summary).not.toMatch(/\n# heading/);
    expect(output.summary).not.toContain("@alice");
  });
});
