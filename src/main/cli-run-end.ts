import type { ProcessResult } from "../executors/process/run-task-process.ts";
import { formatDuration } from "../shared/format-duration.ts";

/** Exit status when the task ran past its timeout, as `timeout(1)` reports it. */
export const TIMED_OUT = 124;
/** Exit status when the task's program could not be started, as a shell reports a missing command. */
export const NOT_STARTED = 127;

/**
 * The CLI's exit status for a task's end: its own exit code when it ran to its end (a task killed by a
 * signal already reads 128 + n), 124 on timeout, 128 + n when a signal to the CLI stopped it.
 */
export function exitStatusOf(result: ProcessResult, stopSignalNumber: number): number {
  switch (result.kind) {
    case "exited":
      return result.exitCode;
    case "timed_out":
      return TIMED_OUT;
    case "cancelled":
      return 128 + stopSignalNumber;
    case "spawn_failed":
      return NOT_STARTED;
  }
}

/** The closing line on stderr: how the task ended and how long it took. */
export function describeEnd(
  result: ProcessResult,
  task: { label: string; definition: { timeoutMs: number } },
  stoppedBy: NodeJS.Signals | undefined,
): string {
  switch (result.kind) {
    case "exited":
      return result.exitCode === 0
        ? `${task.label} succeeded in ${formatDuration(result.durationMs)}.`
        : `${task.label} failed with exit code ${result.exitCode} after ${formatDuration(result.durationMs)}.`;
    case "timed_out":
      return `${task.label} ran longer than its timeout (${formatDuration(task.definition.timeoutMs)}) and was stopped with all its processes.`;
    case "cancelled":
      return `${task.label} was stopped (${stoppedBy ?? "cancelled"}) with all its processes after ${formatDuration(result.durationMs)}.`;
    case "spawn_failed":
      return `${task.label}: ${result.reason}`;
  }
}
