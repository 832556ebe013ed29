import { describe, expect, test } from "vitest";
import type { ConfigProblem } from "../../../src/config/parse-repo-config.ts";
import { CONFIG_PATH, formatConfigProblem } from "../../../src/config/parse-repo-config.ts";

describe("formatConfigProblem", () => {
  const cases: { problem: ConfigProblem; file?: string; text: string }[] = [
    {
      problem: {
        path: "environments.production.require.permission",
        line: 12,
        column: 7,
        message: "expected one of read, triage, write, maintain, admin",
      },
      text: ".github/shipmate.yml:12:7: environments.production.require.permission: expected one of read, triage, write, maintain, admin",
    },
    {
      problem: { path: "checks.unit", line: 3, column: 5, message: "the command is empty" },
      file: "acme/web:.github/shipmate.yml",
      text: "acme/web:.github/shipmate.yml:3:5: checks.unit: the command is empty",
    },
    {
      problem: { path: "", line: 4, column: 1, message: "duplicate key `a`" },
      text: ".github/shipmate.yml:4:1: duplicate key `a`",
    },
    {
      problem: { path: "", line: undefined, column: undefined, message: "the file is too big" },
      text: ".github/shipmate.yml: the file is too big",
    },
    {
      problem: { path: "environments", line: 2, column: undefined, message: "is required" },
      text: ".github/shipmate.yml:2: environments: is required",
    },
  ];
  test.each(cases)("$text", ({ problem, file, text }) => {
    expect(file === undefined ? formatConfigProblem(problem) : formatConfigProblem(problem, file)).toBe(text);
  });

  test("the default file is the config path", () => {
    expect(CONFIG_PATH).toBe(".github/shipmate.yml");
  });
});
