import type { WorkflowCalls, WorkflowRepo, WorkflowRun } from "../../shared/workflow-calls.ts";
import { attempt, messageOf, pause, type RemoteRun } from "../remote/remote-run.ts";

/** How many reads of a run in a row may fail before Shipmate stops following it. */
export const MAX_FAILED_READS = 5;

/** How following a run ended. */
export type FollowedRun =
  | { kind: "completed"; run: WorkflowRun }
  | { kind: "lost"; reason: string }
  | { kind: "stopped" };

/** Reads the run every `intervalMs`, writing its link and each change of status, until it completes or the task is stopped. */
export async function followRun(
  calls: WorkflowCalls,
  repo: WorkflowRepo,
  runId: number,
  run: RemoteRun,
  intervalMs: number,
): Promise<FollowedRun> {
  let status: string | undefined;
  let failures = 0;
  for (;;) {
    const read = await attempt(calls.getWorkflowRun(repo, runId), run.signal);
    if (read.kind === "stopped") return read;
    if (read.kind === "error") {
      failures += 1;
      const reason = messageOf(read.error);
      if (failures >= MAX_FAILED_READS) return { kind: "lost", reason };
      run.write(`Could not read the run (${reason}); trying again.`);
    } else {
      failures = 0;
      if (status === undefined) run.write(`Run: ${read.value.htmlUrl}`);
      if (read.value.status !== status) {
        status = read.value.status;
        run.write(`Run status: ${status}`);
      }
      if (status === "completed") return { kind: "completed", run: read.value };
    }
    if (!(await pause(intervalMs, run.signal))) return { kind: "stopped" };
  }
}
