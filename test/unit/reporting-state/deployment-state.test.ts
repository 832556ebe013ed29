import { describe, expect, test } from "vitest";
import { DEPLOYMENT_STATES, type DeploymentState } from "../../../src/github/github-client.ts";
import { JOB_STATES, type JobState } from "../../../src/jobs/job-view.ts";
import { deploymentStateOf } from "../../../src/reporting/deployment-state.ts";

describe("deploymentStateOf", () => {
  const expected: Record<JobState, DeploymentState> = {
    queued: "queued",
    running: "in_progress",
    succeeded: "success",
    failed: "failure",
    timed_out: "failure",
    cancelled: "error",
    interrupted: "error",
  };
  const cases = Object.entries(expected) as [JobState, DeploymentState][];

  test.each(cases)("%s → %s", (state, deployment) => {
    expect(deploymentStateOf(state)).toBe(deployment);
  });

  test("every job state is in the table and maps to a state GitHub accepts", () => {
    expect(cases.map(([state]) => state).sort()).toEqual([...JOB_STATES].sort());
    for (const state of JOB_STATES) expect(DEPLOYMENT_STATES).toContain(deploymentStateOf(state));
  });

  test("no job state marks a deployment inactive: GitHub does that itself on the next success", () => {
    expect(JOB_STATES.map(deploymentStateOf)).not.toContain("inactive");
  });
});
