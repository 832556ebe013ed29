import type { WorkflowRun } from "../../shared/workflow-calls.ts";

/** How far GitHub's clock may be behind the worker's and a run still count as created after the dispatch. */
export const CLOCK_SKEW_MS = 60_000;

/** What is known about a dispatch whose run GitHub did not name. */
export interface DispatchFacts {
  /** Runs of the workflow that existed just before the dispatch. */
  seen: ReadonlySet<number>;
  /** The worker's clock just before the dispatch. */
  dispatchedAt: number;
  ref: string;
  sha: string;
}

/**
 * The run a dispatch most likely created, when GitHub did not say: a `workflow_dispatch` run that was
 * not there before the dispatch and was created after it, preferring one on the dispatched ref at the
 * pinned SHA, then one on the dispatched ref; among equals the oldest, since runs are created in the
 * order of their dispatches and any later one is someone else's.
 */
export function pickDispatchedRun(
  runs: readonly WorkflowRun[],
  facts: DispatchFacts,
): WorkflowRun | undefined {
  const fresh = runs.filter(
    (run) =>
      run.event === "workflow_dispatch" &&
      !facts.seen.has(run.id) &&
      run.createdAt >= facts.dispatchedAt - CLOCK_SKEW_MS,
  );
  const onRef = fresh.filter((run) => run.headBranch === facts.ref);
  const tiers = [onRef.filter((run) => run.headSha === facts.sha), onRef, fresh];
  const tier = tiers.find((runs) => runs.length > 0) ?? [];
  return [...tier].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)[0];
}
