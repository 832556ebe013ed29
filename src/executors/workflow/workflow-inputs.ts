import type { WorkflowCommand } from "../../config/repo-config.ts";

/** The job facts a dispatched workflow receives as inputs. */
export interface WorkflowJobFacts {
  environment: string;
  sha: string;
  ref: string;
  params: Readonly<Record<string, string>>;
}

/** The configured inputs plus Shipmate's own four; Shipmate's win, so a config cannot fake the SHA. */
export function workflowInputs(command: WorkflowCommand, job: WorkflowJobFacts): Record<string, string> {
  return Object.fromEntries([
    ...Object.entries(command.inputs),
    ["environment", job.environment],
    ["sha", job.sha],
    ["ref", job.ref],
    ["params", JSON.stringify(job.params)],
  ]);
}

/** The branch or tag the workflow runs from: the configured one, else the job's. */
export function dispatchRef(command: WorkflowCommand, jobRef: string): string {
  return command.ref ?? jobRef;
}
