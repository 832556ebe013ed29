import type { TaskDefinition } from "../config/repo-config.ts";
import { createSecretMasker } from "../shared/secret-masker.ts";
import { type ProcessResult, runTaskProcess } from "./process/run-task-process.ts";
import { buildTaskEnvironment, type TaskEnvironmentInput } from "./task-environment.ts";
import { checkoutPinnedCommit } from "./workspace/git-checkout.ts";

/** Every way a task run can end. */
export const TASK_RUN_KINDS = [
  "succeeded",
  "failed",
  "timed_out",
  "cancelled",
  "checkout_failed",
  "spawn_failed",
] as const;
export type TaskRunKind = (typeof TASK_RUN_KINDS)[number];

/** How a task run ended. Everything in it is already masked. */
export interface TaskRunResult {
  kind: TaskRunKind;
  /** The task's exit code when it ran to its end (`succeeded` or `failed`), else null. */
  exitCode: number | null;
  /** The tail of the task's output, or why it could not run. */
  output: string;
  /** From the start of the checkout to the workspace's removal. */
  durationMs: number;
  workspaceRemoved: boolean;
}

/** The task-environment fields that describe the job; sha, home and passthrough come from elsewhere. */
export type TaskRunEnvironment = Omit<TaskEnvironmentInput, "sha" | "home" | "passthrough">;

/** Everything one task run needs; the token and secrets stay out of the task's environment. */
export interface RunTaskInput {
  cloneUrl: string;
  /** The pinned commit: the only one that runs. */
  sha: string;
  /** The installation token: used for the fetch, masked everywhere, never given to the task. */
  token: string;
  task: TaskDefinition;
  env: TaskRunEnvironment;
  /** Variables the server's allowlist passes through to tasks. */
  passthrough: Readonly<Record<string, string>>;
  /** Values masked in the output besides the token. */
  secrets: readonly string[];
  signal?: AbortSignal;
  onOutput?: (maskedChunk: string) => void;
  onStart?: (pid: number) => void;
  /** Where workspaces are created; defaults to the OS temp dir. */
  workspaceParent?: string;
  killGraceMs?: number;
  maxOutputBytes?: number;
}

/** Checks out the pinned commit, runs the task in it, and always removes the workspace. */
export async function runTask(input: RunTaskInput): Promise<TaskRunResult> {
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  const masker = createSecretMasker([input.token, ...input.secrets]);
  if (input.signal?.aborted)
    return { kind: "cancelled", exitCode: null, output: "", durationMs: 0, workspaceRemoved: true };
  const checkout = await checkoutPinnedCommit({
    cloneUrl: input.cloneUrl,
    sha: input.sha,
    token: input.token,
    masker,
    ...(input.signal && { signal: input.signal }),
    ...(input.workspaceParent !== undefined && { parentDir: input.workspaceParent }),
  });
  if (checkout.kind === "failed") {
    const kind = input.signal?.aborted ? "cancelled" : "checkout_failed";
    const output = input.signal?.aborted ? "" : checkout.reason;
    return {
      kind,
      exitCode: null,
      output,
      durationMs: elapsed(),
      workspaceRemoved: checkout.workspaceRemoved,
    };
  }
  let result: ProcessResult;
  let workspaceRemoved = false;
  try {
    result = await runTaskProcess({
      command: input.task.command,
      cwd: checkout.dir,
      env: buildTaskEnvironment({
        ...input.env,
        sha: input.sha,
        home: checkout.home,
        passthrough: input.passthrough,
      }),
      timeoutMs: input.task.timeoutMs,
      masker,
      ...optional(input),
    });
  } finally {
    // Runs even when the task runner throws, so a workspace never outlives its run.
    workspaceRemoved = await checkout.cleanup();
  }
  return { ...fromProcess(result), durationMs: elapsed(), workspaceRemoved };
}

function optional(input: RunTaskInput) {
  return {
    ...(input.signal && { signal: input.signal }),
    ...(input.onOutput && { onOutput: input.onOutput }),
    ...(input.onStart && { onStart: input.onStart }),
    ...(input.killGraceMs !== undefined && { killGraceMs: input.killGraceMs }),
    ...(input.maxOutputBytes !== undefined && { maxOutputBytes: input.maxOutputBytes }),
  };
}

function fromProcess(result: ProcessResult): Pick<TaskRunResult, "kind" | "exitCode" | "output"> {
  switch (result.kind) {
    case "exited":
      return {
        kind: result.exitCode === 0 ? "succeeded" : "failed",
        exitCode: result.exitCode,
        output: result.output,
      };
    case "timed_out":
    case "cancelled":
      return { kind: result.kind, exitCode: null, output: result.output };
    case "spawn_failed":
      return { kind: "spawn_failed", exitCode: null, output: result.reason };
  }
}
