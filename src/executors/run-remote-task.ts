import type { WebhookCommand, WorkflowCommand } from "../config/repo-config.ts";
import { formatDuration } from "../shared/format-duration.ts";
import type { SecretMasker } from "../shared/secret-masker.ts";
import { type RemoteOutcome, type RemoteRun, startRemoteRun } from "./remote/remote-run.ts";
import type { RunTaskInput, TaskRunResult } from "./task-run.ts";
import { DEFAULT_RETRY_DELAY_MS, runWebhookTask } from "./webhook/run-webhook-task.ts";
import { DEFAULT_FOLLOW_INTERVAL_MS, runWorkflowTask } from "./workflow/run-workflow-task.ts";

/** How a remote run masks and keeps its output, and the webhook's secret when it has one. */
export interface RemoteSetup {
  masker: SecretMasker;
  secret: string | undefined;
  maxOutputBytes: number;
}

/** Runs a `workflow:` or `webhook:` task under the task's time limit and the caller's cancel signal. */
export async function runRemoteTask(
  input: RunTaskInput,
  command: WorkflowCommand | WebhookCommand,
  setup: RemoteSetup,
): Promise<TaskRunResult> {
  const startedAt = performance.now();
  const run = startRemoteRun({
    timeoutMs: input.task.timeoutMs,
    signal: input.signal,
    masker: setup.masker,
    onOutput: input.onOutput,
    maxOutputBytes: setup.maxOutputBytes,
  });
  const again = input.again ?? `comment \`/${input.env.task} ${input.env.environment}\` again`;
  let outcome: RemoteOutcome;
  try {
    outcome =
      command.kind === "workflow"
        ? await workflow(input, command, run, again)
        : await runWebhookTask({
            command,
            payload: {
              job: input.jobId ?? "",
              repository: input.repository ? `${input.repository.owner}/${input.repository.name}` : "",
              task: input.env.task,
              environment: input.env.environment,
              sha: input.sha,
              ref: input.env.ref,
              pullRequest: input.env.pullRequest ?? null,
              actor: input.env.actor,
              dryRun: input.env.dryRun,
              params: input.env.params,
            },
            secret: setup.secret,
            run,
            again,
            retryDelayMs: input.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
          });
  } finally {
    run.dispose();
  }
  const durationMs = Math.round(performance.now() - startedAt);
  const base = { exitCode: null, output: run.output(), durationMs, workspaceRemoved: true };
  switch (outcome.kind) {
    case "succeeded":
      return { kind: "succeeded", ...base };
    case "failed":
      return { kind: "failed", ...base, problem: setup.masker.mask(outcome.problem) };
    case "stopped":
      return outcome.reason === "timed_out"
        ? { kind: "timed_out", ...base, problem: timedOut(input, command, again) }
        : { kind: "cancelled", ...base };
  }
}

// The worker's own sentence speaks of processes; a remote task's time limit stops something else.
function timedOut(input: RunTaskInput, command: WorkflowCommand | WebhookCommand, again: string): string {
  const what =
    command.kind === "workflow"
      ? "Shipmate asked GitHub to cancel the workflow run"
      : command.cancelUrl === undefined
        ? "Shipmate stopped following the webhook (the deployer was not told: give it a `cancel_url` for that)"
        : "Shipmate stopped following the webhook and told its `cancel_url`";
  return `The ${input.env.task} task ran longer than its timeout (${formatDuration(input.task.timeoutMs)}): ${what}. Raise \`timeout\` for it in \`.github/shipmate.yml\` or make it faster, then ${again}.`;
}

function workflow(
  input: RunTaskInput,
  command: WorkflowCommand,
  run: RemoteRun,
  again: string,
): Promise<RemoteOutcome> {
  if (input.actions === undefined || input.repository === undefined) {
    const problem = "This worker cannot reach GitHub Actions, so a `workflow:` task cannot run here.";
    run.write(problem);
    return Promise.resolve({ kind: "failed", problem });
  }
  return runWorkflowTask({
    command,
    repo: { owner: input.repository.owner, repo: input.repository.name },
    calls: input.actions,
    job: {
      environment: input.env.environment,
      sha: input.sha,
      ref: input.env.ref,
      params: input.env.params,
      dryRun: input.env.dryRun,
    },
    run,
    again,
    intervalMs: input.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS,
  });
}
