import type { HoldView } from "../../src/jobs/hold-view.ts";
import type { JobView } from "../../src/jobs/job-view.ts";
import type { JobSummary } from "../../src/jobs/repository-status.ts";

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

/** A deploy of PR #42 to staging as `/status` lists it, in its state since t = 1s. */
export function jobSummary(overrides: Partial<JobSummary> = {}): JobSummary {
  return {
    id: "task-1",
    task: "deploy",
    state: "queued",
    environment: "staging",
    pullRequest: 42,
    actor: "alice",
    sha: "abc1234def5678abc1234def5678abc1234def56",
    since: 1_000,
    ...overrides,
  };
}

/** @alice's `/lock production` on PR #12, taken at t = 0 with no reason and no expiry. */
export function holdView(overrides: Partial<HoldView> = {}): HoldView {
  return {
    environment: "production",
    pullRequest: 12,
    login: "alice",
    reason: undefined,
    at: 0,
    expiresAt: undefined,
    ...overrides,
  };
}
