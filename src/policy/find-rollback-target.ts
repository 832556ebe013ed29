import type { GitHubClient, RepoCoords } from "../github/github-client.ts";
import { type RollbackTarget, rollbackOutcome, rollbackStep, START_SEARCH } from "./rollback-target.ts";

/** How far back `/rollback` looks. */
export const ROLLBACK_HISTORY_LIMIT = 30;

/**
 * Finds what `/rollback` would deploy to `environment`, reading each deployment's statuses only
 * until the current deployment and the one before it are known.
 */
export async function findRollbackTarget(
  github: Pick<GitHubClient, "listDeployments" | "listDeploymentStates">,
  repo: RepoCoords,
  environment: string,
): Promise<RollbackTarget> {
  const deployments = await github.listDeployments(repo, environment, ROLLBACK_HISTORY_LIMIT);
  let search = START_SEARCH;
  for (const deployment of deployments) {
    // Another deployment of the current commit cannot be the target: its statuses change nothing.
    if (search.kind === "searching" && search.current?.sha === deployment.sha) continue;
    const states = await github.listDeploymentStates(repo, deployment.id);
    search = rollbackStep(search, { ...deployment, states });
    if (search.kind === "found") break;
  }
  return rollbackOutcome(search);
}
