import type { JobView } from "../../src/jobs/job-view.ts";

/** A finished, successful deploy of PR #42 to staging; tests override what they look at. */
export function jobView(overrides: Partial<JobView> = {}): JobView {
  return {
    id: "job-1",
    task: "deploy",
    state: "succeeded",
    repository: { owner: "acme", name: "web", htmlUrl: "https://github.com/acme/web" },
    environment: "staging",
    environmentUrl: undefined,
    sha: "abc1234def5678abc1234def5678abc1234def56",
    ref: "feature/login",
    pullRequest: 42,
    actor: "alice",
    dryRun: false,
    params: {},
    queuedAt: 1_000,
    startedAt: 2_000,
    finishedAt: 67_000,
    headMovedTo: undefined,
    output: "",
    exitCode: 0,
    problem: undefined,
    deploymentUrl: undefined,
    ...overrides,
  };
}
