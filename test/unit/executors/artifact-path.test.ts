import { describe, expect, test } from "vitest";
import { isContainedPath } from "../../../src/executors/artifacts/artifact-file.ts";

describe("isContainedPath", () => {
  const cases = [
    { path: "shipmate.tfplan", expected: true },
    { path: "plans/prod/a.tfplan", expected: true },
    { path: "./a", expected: true },
    { path: "a..b/c", expected: true },
    { path: "", expected: false },
    { path: "../a", expected: false },
    { path: "a/../../b", expected: false },
    { path: "a\\..\\b", expected: false },
    { path: "/etc/passwd", expected: false },
    { path: "\\\\server\\share", expected: false },
    { path: "~/x", expected: false },
    { path: "C:/x", expected: false },
    { path: "a\0b", expected: false },
  ];
  test.each(cases)("$path → $expected", ({ path, expected }) => {
    expect(isContainedPath(path)).toBe(expected);
  });
});
