import { randomUUID } from "node:crypto";
import { constants } from "node:os";
import type { TaskDefinition } from "../config/repo-config.ts";
import { runTask, type TaskRunResult } from "../executors/run-task.ts";
import type { TaskKind } from "../jobs/job-view.ts";
import { formatDuration } from "../shared/format-duration.ts";
import { TIMED_OUT } from "./cli-run-end.ts";
import type { SignalStop } from "./cli-run-signals.ts";

/** What a local run of a `webhook:` task needs: the task, the checkout's facts and the allowlisted variables. */
export interface WebhookRunInput {
  task: TaskKind;
  environment: string;
  label: string;
  definition: TaskDefinition;
  sha: string;
  ref: string;
  repository: string;
  params: Record<string, string>;
  dryRun: boolean;
  passthrough: Record<string, string>;
  secrets: string[];
  /** What a problem tells the person to do once the cause is fixed. */
  again: string;
  stop: SignalStop;
}

/**
 * Runs a `webhook:` task from here through the worker's own executor: the same signed requests, retries,
 * polling, timeout, masking, and the `cancel_url` told on Ctrl-C. Returns the exit status.
 */
export async function runWebhookHere(input: WebhookRunInput): Promise<number> {
  const [owner = "", name = ""] = input.repository.split("/");
  const result = await runTask({
    // A webhook task fetches nothing and has no token: these two are never used.
    cloneUrl: "",
    token: "",
    sha: input.sha,
    task: input.definition,
    env: {
      task: input.task,
      environment: input.environment,
      ref: input.ref,
      pullRequest: undefined,
      actor: process.env.USER || "local",
      dryRun: input.dryRun,
      params: input.params,
    },
    passthrough: input.passthrough,
    secrets: input.secrets,
    signal: input.stop.signal,
    onOutput: (chunk) => process.stdout.write(chunk),
    jobId: `local-${randomUUID().slice(0, 8)}`,
    repository: { owner, name },
    again: input.again,
  });
  const stoppedBy = input.stop.stoppedBy();
  process.stderr.write(`shipmate: ${describeWebhookEnd(result, input.label, stoppedBy)}\n`);
  return webhookExitStatus(result, stoppedBy);
}

/** The CLI's exit status for a webhook task: 0, 1 when it failed, 124 on timeout, 128 + n when stopped by signal n. */
export function webhookExitStatus(result: TaskRunResult, stoppedBy: NodeJS.Signals | undefined): number {
  switch (result.kind) {
    case "succeeded":
      return 0;
    case "timed_out":
      return TIMED_OUT;
    case "cancelled":
      return 128 + (stoppedBy === undefined ? 0 : constants.signals[stoppedBy]);
    default:
      return 1;
  }
}

function describeWebhookEnd(
  result: TaskRunResult,
  label: string,
  stoppedBy: NodeJS.Signals | undefined,
): string {
  const took = formatDuration(result.durationMs);
  switch (result.kind) {
    case "succeeded":
      return `${label} succeeded in ${took}.`;
    case "timed_out":
      return `${label} ran longer than its timeout and was stopped after ${took}.`;
    case "cancelled":
      return `${label} was stopped (${stoppedBy ?? "cancelled"}) after ${took}.`;
    default:
      return `${label} failed after ${took}: ${result.problem ?? result.output}`;
  }
}
