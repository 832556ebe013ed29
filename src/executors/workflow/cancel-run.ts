import type { WorkflowCalls, WorkflowRepo } from "../../shared/workflow-calls.ts";
import { attempt, messageOf, type RemoteRun } from "../remote/remote-run.ts";
import { findDispatchedRun } from "./find-dispatched-run.ts";
import type { DispatchFacts } from "./pick-dispatched-run.ts";

/** How long cleaning up after a stop may take: the task is already over, so it gets a limit of its own. */
export const CANCEL_LIMIT_MS = 15_000;

/** Where a stopped task's run stands: known by id, or only by the dispatch that may have created it. */
export type RunToCancel =
  | { kind: "run"; runId: number }
  | {
      kind: "dispatched";
      dispatching: Promise<{ runId: number | undefined }>;
      workflow: string;
      facts: DispatchFacts;
      intervalMs: number;
    };

/**
 * Asks GitHub to cancel the run a stopped task started, finding it first when the task was stopped
 * before it knew the run's id; writes what happened and never throws.
 */
export async function cancelStartedRun(
  calls: WorkflowCalls,
  repo: WorkflowRepo,
  target: RunToCancel,
  run: RemoteRun,
): Promise<void> {
  const limit = AbortSignal.timeout(CANCEL_LIMIT_MS);
  const runId =
    target.kind === "run"
      ? target.runId
      : await dispatchedRunId(calls, repo, target, { ...run, signal: limit });
  if (runId === "none") return;
  if (runId === "not_found") {
    run.write(
      "Shipmate could not find the run its dispatch created, so it may still run: look at the workflow's runs in the Actions tab.",
    );
    return;
  }
  run.write(`Asking GitHub to cancel run ${runId}.`);
  const outcome = await attempt(calls.cancelWorkflowRun(repo, runId), limit);
  if (outcome.kind === "error") run.write(`GitHub did not cancel the run: ${messageOf(outcome.error)}`);
  if (outcome.kind === "stopped") run.write("GitHub did not answer the cancel in time.");
}

// A stop during the dispatch leaves the request going: if it creates a run, that run is found and cancelled.
async function dispatchedRunId(
  calls: WorkflowCalls,
  repo: WorkflowRepo,
  target: Extract<RunToCancel, { kind: "dispatched" }>,
  limited: RemoteRun,
): Promise<number | "none" | "not_found"> {
  const dispatched = await attempt(target.dispatching, limited.signal);
  // A dispatch GitHub refused created no run; one that did not answer in time may have.
  if (dispatched.kind === "error") return "none";
  if (dispatched.kind === "ok" && dispatched.value.runId !== undefined) return dispatched.value.runId;
  const { workflow, facts, intervalMs } = target;
  const found = await findDispatchedRun(calls, repo, workflow, facts, limited, intervalMs, CANCEL_LIMIT_MS);
  return found.kind === "found" ? found.run.id : "not_found";
}
