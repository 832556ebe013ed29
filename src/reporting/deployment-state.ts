import type { DeploymentState } from "../github/github-client.ts";
import type { JobState } from "../jobs/job-view.ts";

/** The GitHub Deployment status that mirrors a job state. */
export function deploymentStateOf(state: JobState): DeploymentState {
  switch (state) {
    case "queued":
      return "queued";
    case "running":
      return "in_progress";
    case "succeeded":
      return "success";
    case "failed":
    case "timed_out":
      return "failure";
    case "cancelled":
    case "interrupted":
      return "error";
  }
}
