import type { ProbotOctokit } from "probot";

/** GitHub calls for the `workflow:` executor (GitHub Actions). */
export type ActionsCalls = Record<never, never>;

/** The Actions calls, for one installation. */
export function actionsCalls(_octokit: ProbotOctokit): ActionsCalls {
  return {};
}
