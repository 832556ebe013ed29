import type { TaskRunKind } from "../executors/run-task.ts";
import type { JobState } from "../jobs/job-view.ts";

/** What a finished run means for the people watching: the final state and, unless it succeeded, what to do. */
export interface RunOutcome {
  state: JobState;
  problem: string | undefined;
}

/** Turns a task run's result into the state and the sentence the requester reads. */
export function describeRunResult(input: {
  kind: TaskRunKind;
  exitCode: number | null | undefined;
  reason: string | undefined;
  task: string;
  environment: string;
  timeoutMs: number;
  shortSha: string;
}): RunOutcome {
  const again = `comment \`/${input.task} ${input.environment}\` again`;
  switch (input.kind) {
    case "succeeded":
      return { state: "succeeded", problem: undefined };
    case "failed":
      return {
        state: "failed",
        problem: `The ${input.task} task exited with code ${input.exitCode ?? "unknown"}. Read the output below, fix the cause, then ${again}.`,
      };
    case "timed_out":
      return {
        state: "timed_out",
        problem: `The ${input.task} task ran longer than ${formatLimit(input.timeoutMs)} and was stopped with all its processes. Raise \`timeout\` for it in \`.github/shipmate.yml\` or make it faster, then ${again}.`,
      };
    case "cancelled":
      return { state: "cancelled", problem: "The task was cancelled before it finished." };
    case "checkout_failed":
      return {
        state: "failed",
        problem: `Shipmate could not fetch commit \`${input.shortSha}\`: ${input.reason ?? "unknown error"}. Check that the commit still exists and the app can read the repository, then ${again}.`,
      };
    case "spawn_failed":
      return {
        state: "failed",
        problem: `The ${input.task} command could not be started: ${input.reason ?? "unknown error"}. Check the command in \`.github/shipmate.yml\`.`,
      };
  }
}

function formatLimit(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
