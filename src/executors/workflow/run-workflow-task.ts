import type { WorkflowCommand } from "../../config/repo-config.ts";
import type { WorkflowCalls, WorkflowRepo } from "../../shared/workflow-calls.ts";
import { attempt, messageOf, type RemoteOutcome, type RemoteRun } from "../remote/remote-run.ts";
import { cancelStartedRun, type RunToCancel } from "./cancel-run.ts";
import { isSuccessfulConclusion, jobLines } from "./describe-run.ts";
import { findDispatchedRun, runsBeforeDispatch } from "./find-dispatched-run.ts";
import { followRun } from "./follow-run.ts";
import { dispatchRef, type WorkflowJobFacts, workflowInputs } from "./workflow-inputs.ts";

/** How often a workflow run is looked at unless told otherwise. */
export const DEFAULT_FOLLOW_INTERVAL_MS = 5_000;

const FULL_SHA = /^[0-9a-f]{40}$/i;

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
 * conclusion and writes its link and jobs; a task stopped (cancelled or out of time) cancels the run,
 * even one its dispatch was still creating.
 */
export async function runWorkflowTask(input: WorkflowTaskInput): Promise<RemoteOutcome> {
  const { command, repo, calls, run } = input;
  const workflow = command.file;
  const ref = dispatchRef(command, input.job.ref);
  if (FULL_SHA.test(ref)) {
    return failed(
      run,
      `GitHub runs a workflow from a branch or tag, and this job's ref is the commit \`${ref.slice(0, 7)}\`. Set \`workflow.ref\` (e.g. \`main\`) for the task in \`.github/shipmate.yml\`: the workflow still gets the pinned commit as its \`sha\` input. Then ${input.again}.`,
    );
  }
  const inputs = workflowInputs(command, input.job);
  const seen = await runsBeforeDispatch(calls, repo, workflow, run);
  const facts = { seen, dispatchedAt: Date.now(), ref, sha: input.job.sha };
  run.write(`Dispatching ${workflow} on ${ref} with inputs ${Object.keys(inputs).join(", ")}.`);
  const dispatching = calls.dispatchWorkflow(repo, { workflow, ref, inputs });
  const dispatched = await attempt(dispatching, run.signal);
  const unnamed = { kind: "dispatched", dispatching, workflow, facts, intervalMs: input.intervalMs } as const;
  if (dispatched.kind === "stopped") return stopped(input, unnamed);
  if (dispatched.kind === "error") {
    const problem = `GitHub did not start \`${workflow}\` on \`${ref}\`: ${messageOf(dispatched.error)}. ${whatToCheck(input, inputs)}`;
    return failed(run, problem);
  }
  let runId = dispatched.value.runId;
  if (runId === undefined) {
    const found = await findDispatchedRun(
      calls,
      repo,
      workflow,
      facts,
      run,
      input.intervalMs,
      input.findLimitMs,
    );
    if (found.kind === "stopped") return stopped(input, unnamed);
    if (found.kind === "not_found") {
      return failed(
        run,
        `GitHub accepted the dispatch of \`${workflow}\` on \`${ref}\`, but no run of it showed up. Look at the workflow's runs in the Actions tab, then ${input.again}.`,
      );
    }
    runId = found.run.id;
  }
  const followed = await followRun(calls, repo, runId, run, input.intervalMs);
  if (followed.kind === "stopped") return stopped(input, { kind: "run", runId });
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

function whatToCheck(input: WorkflowTaskInput, inputs: Readonly<Record<string, string>>): string {
  const names = Object.keys(inputs)
    .map((name) => `\`${name}\``)
    .join(", ");
  const ref = input.command.ref === undefined ? " (or set `workflow.ref` to a branch that has it)" : "";
  const dryRun = input.job.dryRun
    ? " A dry run sends `dry_run`: a workflow takes dry runs only when it declares that input."
    : "";
  return `Check that the workflow exists on that ref${ref}, has \`on: workflow_dispatch\` and declares the inputs ${names}.${dryRun} Then ${input.again}.`;
}

function failed(run: RemoteRun, problem: string): RemoteOutcome {
  run.write(problem);
  return { kind: "failed", problem };
}

/** A stopped task's run is cancelled on GitHub before the task ends, so nothing keeps deploying behind it. */
async function stopped(input: WorkflowTaskInput, target: RunToCancel): Promise<RemoteOutcome> {
  await cancelStartedRun(input.calls, input.repo, target, input.run);
  return { kind: "stopped", reason: input.run.stopReason() ?? "cancelled" };
}
