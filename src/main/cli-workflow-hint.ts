import type { WorkflowCommand } from "../config/repo-config.ts";
import { dispatchRef, type WorkflowJobFacts, workflowInputs } from "../executors/workflow/workflow-inputs.ts";

/** What a worker would send GitHub for this `workflow:` task, from the local checkout's facts. */
export interface WorkflowHintInput extends WorkflowJobFacts {
  command: WorkflowCommand;
}

/**
 * The `gh workflow run` line that makes the dispatch a worker would make (same ref and inputs), for
 * someone to read and run: `shipmate run` holds no GitHub credentials, so it dispatches nothing itself.
 */
export function workflowHint(input: WorkflowHintInput): string {
  const { command } = input;
  const inputs = workflowInputs(command, input);
  const fields = Object.entries(inputs).flatMap(([name, value]) => ["-f", shellWord(`${name}=${value}`)]);
  return [
    "gh",
    "workflow",
    "run",
    shellWord(command.file),
    "--ref",
    shellWord(dispatchRef(command, input.ref)),
    ...fields,
  ].join(" ");
}

/** A word a POSIX shell reads back as exactly `text`: bare when it is plainly safe, else single-quoted. */
export function shellWord(text: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(text)) return text;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
