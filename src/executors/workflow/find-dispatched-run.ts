import type { WorkflowCalls, WorkflowRepo, WorkflowRun } from "../../shared/workflow-calls.ts";
import { attempt, messageOf, pause, type RemoteRun } from "../remote/remote-run.ts";
import { CLOCK_SKEW_MS, type DispatchFacts, pickDispatchedRun } from "./pick-dispatched-run.ts";

/** How long a dispatched workflow may take to show its run before Shipmate gives up on it. */
export const FIND_RUN_LIMIT_MS = 2 * 60_000;

/** The run a dispatch created, found by listing the workflow's runs; see {@link pickDispatchedRun}. */
export type FoundRun = { kind: "found"; run: WorkflowRun } | { kind: "not_found" } | { kind: "stopped" };

/** Looks for the dispatched run every `intervalMs` until it shows, the limit passes or the run is stopped. */
export async function findDispatchedRun(
  calls: WorkflowCalls,
  repo: WorkflowRepo,
  workflow: string,
  facts: DispatchFacts,
  run: RemoteRun,
  intervalMs: number,
  limitMs: number = FIND_RUN_LIMIT_MS,
): Promise<FoundRun> {
  const giveUpAt = Date.now() + limitMs;
  const query = { workflow, event: "workflow_dispatch", createdSince: facts.dispatchedAt - CLOCK_SKEW_MS };
  for (;;) {
    const listed = await attempt(calls.listWorkflowRuns(repo, query), run.signal);
    if (listed.kind === "stopped") return listed;
    if (listed.kind === "ok") {
      const found = pickDispatchedRun(listed.value, facts);
      if (found !== undefined) return { kind: "found", run: found };
    } else {
      run.write(`Could not list the workflow's runs (${messageOf(listed.error)}); trying again.`);
    }
    if (Date.now() >= giveUpAt) return { kind: "not_found" };
    if (!(await pause(intervalMs, run.signal))) return { kind: "stopped" };
  }
}

/** The ids of the workflow's recent dispatched runs, so a run that existed before the dispatch is never taken for its own. */
export async function runsBeforeDispatch(
  calls: WorkflowCalls,
  repo: WorkflowRepo,
  workflow: string,
  run: RemoteRun,
): Promise<Set<number>> {
  const query = { workflow, event: "workflow_dispatch", createdSince: Date.now() - CLOCK_SKEW_MS };
  const listed = await attempt(calls.listWorkflowRuns(repo, query), run.signal);
  // Without the list, the creation time alone tells new runs from old ones.
  return new Set(listed.kind === "ok" ? listed.value.map((existing) => existing.id) : []);
}
