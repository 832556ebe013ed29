import type { DeploymentOrigin } from "../github/check-calls.ts";
import { isFinal } from "../jobs/job-view.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/**
 * The deployment whose code an environment runs: the newest one, passing over those whose Shipmate job
 * ended without starting (withdrawn, replaced, refused), since they never touched the environment.
 * A Deployment is created when a deploy is queued, so the newest one alone may belong to a job that
 * never ran. Undefined when none of `deployments` (newest first) ever ran there.
 */
export async function environmentHolder(
  deps: Pick<IntakeDeps, "records">,
  deployments: readonly DeploymentOrigin[],
): Promise<DeploymentOrigin | undefined> {
  for (const deployment of deployments) {
    if (deployment.job === undefined) return deployment;
    const view = (await deps.records.load(deployment.job))?.view;
    // A record gone after 30 days is of a deploy long finished: it counts as having run.
    if (view === undefined || view.startedAt !== undefined || !isFinal(view.state)) return deployment;
  }
  return undefined;
}
