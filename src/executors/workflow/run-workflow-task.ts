import type { WorkflowCommand } from "../../config/repo-config.ts";
import { attempt, messageOf, pause, type RemoteOutcome, type RemoteRun } from "../remote/remote-run.ts";
import { isSuccessfulConclusion, jobLines } from "./describe-run.ts";
import { findDispatchedRun, runsBeforeDispatch } from "./find-dispatched-run.ts";
import { followRun } from "./follow-run.ts";
import type { WorkflowCalls, WorkflowRepo } from "./workflow-calls.ts";
import { dispatchRef, type WorkflowJobFacts, workflowInputs } from "./workflow-inputs.ts";

/** How often a workflow run is looked at unless told otherwise. */
export const DEFAULT_FOLLOW_INTERVAL_MS = 5_000;

// Cancelling happens after the run was stopped, so it gets a time limit of its own.
const CANCEL_LIMIT_MS = 15_000;

/** Everything a `workflow:` task needs. */
export interface WorkflowTaskInput {
  command: WorkflowCommand;
  repo: WorkflowRepo;
  calls: WorkflowCalls;
  job: WorkflowJobFacts;
  run: RemoteRun;
  /** What to tell the requester to do once the cause is fixed, e.g. "comment `/deploy staging` again". */
  again: string;
  intervalMs: number;
  findLimitMs?: number;
}

/**
 * Dispatches the workflow with the job's facts as inputs, finds the run it created, follows it to its
 * conclusion and writes its link and jobs; a stopped task cancels the run.
 */
export async function runWorkflowTask(input: WorkflowTaskInput): Promise<RemoteOutcome> {
  const { command, repo, calls, run } = input;
  const workflow = command.file;
  const ref = dispatchRef(command, input.job.ref);
  const inputs = workflowInputs(command, input.job);
  const seen = await runsBeforeDispatch(calls, repo, workflow, run);
  const dispatchedAt = Date.now();
  run.write(`Dispatching ${workflow} on ${ref} with inputs ${Object.keys(inputs).join(", ")}.`);
  const dispatched = await attempt(calls.dispatchWorkflow(repo, { workflow, ref, inputs }), run.signal);
  if (dispatched.kind === "stopped") return stopped(run);
  if (dispatched.kind === "error") {
    const problem = `GitHub did not start \`${workflow}\` on \`${ref}\`: ${messageOf(dispatched.error)}. Check that the workflow exists on that ref, has \`on: workflow_dispatch\` and declares the inputs ${Object.keys(
      inputs,
    )
      .map((name) => `\`${name}\``)
      .join(", ")}, then ${input.again}.`;
    return failed(run, problem);
  }
  let runId = dispatched.value.runId;
  if (runId === undefined) {
    const facts = { seen, dispatchedAt, ref, sha: input.job.sha };
    const found = await findDispatchedRun(
      calls,
      repo,
      workflow,
      facts,
      run,
      input.intervalMs,
      input.findLimitMs,
    );
    if (found.kind === "stopped") return stopped(run);
    if (found.kind === "not_found") {
      return failed(
        run,
        `GitHub accepted the dispatch of \`${workflow}\` on \`${ref}\`, but no run of it showed up. Look at the workflow's runs in the Actions tab, then ${input.again}.`,
      );
    }
    runId = found.run.id;
  }
  const followed = await followRun(calls, repo, runId, run, input.intervalMs);
  if (followed.kind === "stopped") {
    await cancelRun(calls, repo, runId, run);
    return stopped(run);
  }
  if (followed.kind === "lost") {
    return failed(
      run,
      `Shipmate lost track of workflow run ${runId} (${followed.reason}); it may still be running. Look at it in the Actions tab, then ${input.again}.`,
    );
  }
  const completed = followed.run;
  const jobs = await attempt(calls.listRunJobs(repo, runId), run.signal);
  if (jobs.kind === "ok" && jobs.value.length > 0) run.write(["Jobs:", ...jobLines(jobs.value)].join("\n"));
  run.write(`Conclusion: ${completed.conclusion ?? "none"}`);
  if (isSuccessfulConclusion(completed.conclusion)) return { kind: "succeeded" };
  return failed(
    run,
    `The workflow run ended with conclusion \`${completed.conclusion ?? "none"}\`: ${completed.htmlUrl}. Read its log, fix the cause, then ${input.again}.`,
  );
}

async function cancelRun(
  calls: WorkflowCalls,
  repo: WorkflowRepo,
  runId: number,
  run: RemoteRun,
): Promise<void> {
  run.write(`Asking GitHub to cancel run ${runId}.`);
  const limit = new AbortController();
  const cancelled = attempt(calls.cancelWorkflowRun(repo, runId), limit.signal);
  const timer = pause(CANCEL_LIMIT_MS, limit.signal).then(() => limit.abort());
  const outcome = await cancelled;
  limit.abort();
  await timer;
  if (outcome.kind === "error") run.write(`GitHub did not cancel the run: ${messageOf(outcome.error)}`);
  if (outcome.kind === "stopped") run.write("GitHub did not answer the cancel in time.");
}

function failed(run: RemoteRun, problem: string): RemoteOutcome {
  run.write(problem);
  return { kind: "failed", problem };
}

function stopped(run: RemoteRun): RemoteOutcome {
  return { kind: "stopped", reason: run.stopReason() ?? "cancelled" };
}
