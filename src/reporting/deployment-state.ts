import type { DeploymentState } from "../github/github-client.ts";
import type { JobState } from "../jobs/job-view.ts";

/** The GitHub Deployment status that mirrors a job state. */
export function deploymentStateOf(state: JobState): DeploymentState {
  switch (state) {
    case "awaiting_approval":
      return "pending";
    case "queued":
      return "queued";
    case "running":
      return "in_progress";
    case "succeeded":
      return "success";
    case "failed":
    case "timed_out":
    case "refused":
      return "failure";
    // Someone chose to stop it: GitHub's neutral grey, not the red of an error. The earlier successful
    // deployment stays the environment's active one, since only a success marks others inactive.
    case "cancelled":
      return "inactive";
    // Nobody chose this: the worker died mid-run and the environment may be half changed.
    case "interrupted":
      return "error";
  }
}
