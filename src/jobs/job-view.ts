/** What a job looks like to the people watching it: the one shape every reporter renders. */
export const JOB_STATES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "timed_out",
  "cancelled",
  "interrupted",
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const FINAL_STATES: readonly JobState[] = [
  "succeeded",
  "failed",
  "timed_out",
  "cancelled",
  "interrupted",
];

export const TASK_KINDS = ["deploy", "migrate", "provision", "check"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface RepositoryRef {
  owner: string;
  name: string;
  /** `https://github.com/owner/name` (or the GitHub Enterprise equivalent), for links. */
  htmlUrl: string;
}

export interface JobView {
  id: string;
  task: TaskKind;
  state: JobState;
  repository: RepositoryRef;
  environment: string;
  environmentUrl: string | undefined;
  /** The pinned commit: the one that was approved and the only one that runs. */
  sha: string;
  ref: string;
  pullRequest: number | undefined;
  actor: string;
  dryRun: boolean;
  params: Readonly<Record<string, string>>;
  queuedAt: number;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  /** Set when the pull request's head moved after the command pinned `sha`. */
  headMovedTo: string | undefined;
  /** Last lines of output, already masked. */
  output: string;
  exitCode: number | null | undefined;
  /** A sentence for the requester when the job did not succeed: what went wrong and what to do. */
  problem: string | undefined;
  deploymentUrl: string | undefined;
}

export function isFinal(state: JobState): boolean {
  return FINAL_STATES.includes(state);
}
