import type { ProbotOctokit } from "probot";

/** GitHub calls for check runs (push checks, the config check). */
export type CheckCalls = Record<never, never>;

/** The check-run calls, for one installation. */
export function checkCalls(_octokit: ProbotOctokit): CheckCalls {
  return {};
}
