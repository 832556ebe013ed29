import type { DeploymentFacts, DeploymentState } from "../github/github-client.ts";

/** One of an environment's deployments, with its statuses newest first. */
export interface DeploymentHistoryEntry extends DeploymentFacts {
  states: readonly DeploymentState[];
}

/** What `/rollback` would deploy, and what it would replace; or why there is nothing to go back to. */
export type RollbackTarget =
  | {
      kind: "found";
      target: { id: number; sha: string; ref: string };
      current: { id: number; sha: string };
    }
  | { kind: "none"; reason: "no-deployments" | "no-previous" };

/** How far a walk through an environment's deployments, newest first, has got. */
export type RollbackSearch =
  | { kind: "searching"; current: { id: number; sha: string } | undefined }
  | Extract<RollbackTarget, { kind: "found" }>;

/** A search that has seen nothing yet. */
export const START_SEARCH: RollbackSearch = { kind: "searching", current: undefined };

/**
 * Takes the next older deployment into account. The current deployment is the newest that ever
 * succeeded; the target is the next older one that ever succeeded with a different commit.
 */
export function rollbackStep(search: RollbackSearch, entry: DeploymentHistoryEntry): RollbackSearch {
  if (search.kind === "found") return search;
  // A deployment that succeeded stays a success once a newer one marks it inactive.
  if (!entry.states.includes("success")) return search;
  const current = search.current;
  if (current === undefined) return { kind: "searching", current: { id: entry.id, sha: entry.sha } };
  if (entry.sha === current.sha) return search;
  return { kind: "found", target: { id: entry.id, sha: entry.sha, ref: entry.ref }, current };
}

/** The end of a search: found, or why not. */
export function rollbackOutcome(search: RollbackSearch): RollbackTarget {
  if (search.kind === "found") return search;
  return { kind: "none", reason: search.current === undefined ? "no-deployments" : "no-previous" };
}

/** Chooses what `/rollback` deploys from an environment's deployments, newest first. */
export function chooseRollbackTarget(deployments: readonly DeploymentHistoryEntry[]): RollbackTarget {
  return rollbackOutcome(deployments.reduce(rollbackStep, START_SEARCH));
}
