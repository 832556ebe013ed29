import {
  checkRerunJobSchema,
  closedPullRequestJobSchema,
  PUSH_INTAKE,
  pushJobSchema,
} from "../jobs/push-intake-job.schema.ts";
import { processCheckRerun } from "./check-rerun.ts";
import { processClosedPullRequest } from "./closed-pull-request.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { processPush } from "./process-push.ts";
import { DONE, type IntakeStep } from "./push-intake-step.ts";

/** Runs an intake job recorded for a push, a re-run or a closed pull request; undefined for other job names. */
export function processPushIntake(
  deps: IntakeDeps,
  name: string,
  data: unknown,
): Promise<IntakeStep> | undefined {
  switch (name) {
    case PUSH_INTAKE.push:
      return processPush(deps, pushJobSchema.parse(data));
    case PUSH_INTAKE.checkRerun:
      return processCheckRerun(deps, checkRerunJobSchema.parse(data));
    case PUSH_INTAKE.pullRequestClosed:
      return processClosedPullRequest(deps, closedPullRequestJobSchema.parse(data)).then(() => DONE);
    default:
      return undefined;
  }
}
