import type { WorkflowCommand } from "../../config/repo-config.ts";

/** The job facts a dispatched workflow receives as inputs. */
export interface WorkflowJobFacts {
  environment: string;
  sha: string;
  ref: string;
  params: Readonly<Record<string, string>>;
  dryRun: boolean;
}

/**
 * The configured inputs plus Shipmate's own four, and `dry_run: "true"` on a dry run; Shipmate's win, so
 * a config cannot fake the SHA. `dry_run` goes only with a dry run: a workflow that does not declare it
 * refuses the dispatch, so a dry run can never become a real deploy unnoticed.
 */
export function workflowInputs(command: WorkflowCommand, job: WorkflowJobFacts): Record<string, string> {
  return Object.fromEntries([
    ...Object.entries(command.inputs),
    ["environment", job.environment],
    ["sha", job.sha],
    ["ref", job.ref],
    ["params", JSON.stringify(job.params)],
    ...(job.dryRun ? [["dry_run", "true"]] : []),
  ]);
}

/** The branch or tag the workflow runs from: the configured one, else the job's. */
export function dispatchRef(command: WorkflowCommand, jobRef: string): string {
  return command.ref ?? jobRef;
}
