import type { z } from "zod";
import type { ConfigProblem } from "./config-problem.ts";
import { formatPath } from "./config-problem.ts";

/** Finds the line and column (1-based) that a path into the config points at. */
export type Locate = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

/** Turns zod issues into problems, following a failed union into the one branch the value was evidently written for. */
export function issueProblems(
  issues: readonly z.core.$ZodIssue[],
  locate: Locate,
  prefix: readonly PropertyKey[] = [],
): ConfigProblem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union") {
      const branch = intendedBranch(issue.errors);
      if (branch !== undefined) return issueProblems(branch, locate, path);
    }
    // A bad mapping key says why through the key schema's own issue.
    const message =
      issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    const position = locate(path);
    return [{ path: formatPath(path), line: position?.line, column: position?.column, message }];
  });
}

// A branch that got past the type check (a mapping for the mapping form, a list for the argv form)
// is the one the author meant; its issues say more than "expected a task".
function intendedBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | undefined {
  const matching = branches.filter(
    (issues) => !issues.every((issue) => issue.code === "invalid_type" && issue.path.length === 0),
  );
  return matching.length === 1 ? matching[0] : undefined;
}
