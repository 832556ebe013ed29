import type { TaskDefinition } from "../config/repo-config.ts";
import type { WorkflowCalls } from "../shared/workflow-calls.ts";
import type { ArtifactFile } from "./artifacts/artifact-file.ts";
import type { TaskEnvironmentInput } from "./task-environment.ts";

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
  /** The task's exit code when its process ran to its end (`succeeded` or `failed`), else null. */
  exitCode: number | null;
  /** The tail of the task's output, or why it could not run. */
  output: string;
  /** From the start of the checkout to the workspace's removal. */
  durationMs: number;
  workspaceRemoved: boolean;
  /** A sentence for the requester that says more than the kind can: a workflow's conclusion, a missing file. */
  problem?: string;
  /** The files collected after a successful run, when the input asked for some. */
  files?: readonly ArtifactFile[];
  /** The pinned commit's committer date (ms), when the run checked it out. */
  committedAt?: number;
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
  /** The job's id: a webhook request names it. */
  jobId?: string;
  /** The repository the job belongs to: where a workflow is dispatched, and what a webhook request names. */
  repository?: { owner: string; name: string };
  /** GitHub Actions calls, for `workflow:` tasks. */
  actions?: WorkflowCalls;
  /** Files written into the fresh workspace before the task runs (what an earlier job left). */
  restore?: readonly ArtifactFile[];
  /** Paths, relative to the workspace, read after a successful run and returned as `files`. */
  collect?: readonly string[];
  /** How often a workflow run is looked at (default 5s). */
  followIntervalMs?: number;
  /** The first pause before a failed webhook request is tried again (default 1s); it doubles each time. */
  retryDelayMs?: number;
  /** What a problem tells the requester to do once the cause is fixed; by default, to comment the command again. */
  again?: string;
}
