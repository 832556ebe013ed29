import type { WebhookCommand, WorkflowCommand } from "../config/repo-config.ts";
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
  const again = `comment \`/${input.env.task} ${input.env.environment}\` again`;
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
      return { kind: outcome.reason, ...base };
  }
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
    job: { environment: input.env.environment, sha: input.sha, ref: input.env.ref, params: input.env.params },
    run,
    again,
    intervalMs: input.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS,
  });
}
