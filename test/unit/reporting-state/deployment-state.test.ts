import { describe, expect, test } from "vitest";
import { DEPLOYMENT_STATES, type DeploymentState } from "../../../src/github/github-client.ts";
import { FINAL_STATES, JOB_STATES, type JobState } from "../../../src/jobs/job-view.ts";
import { deploymentStateOf } from "../../../src/reporting/deployment-state.ts";

describe("deploymentStateOf", () => {
  const expected: Record<JobState, DeploymentState> = {
    awaiting_approval: "pending",
    queued: "queued",
    running: "in_progress",
    succeeded: "success",
    failed: "failure",
    timed_out: "failure",
    refused: "failure",
    cancelled: "inactive",
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

  test("only a cancel marks a deployment inactive: other ends are a success or a red state", () => {
    const inactive = JOB_STATES.filter((state) => deploymentStateOf(state) === "inactive");
    expect(inactive).toEqual(["cancelled"]);
  });

  test("a job that has not ended never maps to a final deployment state", () => {
    const ends: readonly DeploymentState[] = ["success", "failure", "error", "inactive"];
    for (const state of JOB_STATES) {
      expect(ends.includes(deploymentStateOf(state))).toBe(FINAL_STATES.includes(state));
    }
  });
});
