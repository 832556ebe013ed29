/** What a job looks like to the people watching it: the one shape every reporter renders. */
export const JOB_STATES = [
  "awaiting_approval",
  "queued",
  "running",
  "succeeded",
  "failed",
  "timed_out",
  "cancelled",
  "interrupted",
  "refused",
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const FINAL_STATES: readonly JobState[] = [
  "succeeded",
  "failed",
  "timed_out",
  "cancelled",
  "interrupted",
  "refused",
];

/** The step of a task that has several: a provision's plan or apply, a migration's status or down. */
export const TASK_STEPS = ["plan", "apply", "status", "down"] as const;
export type TaskStep = (typeof TASK_STEPS)[number];

export const TASK_KINDS = ["deploy", "migrate", "provision", "check", "teardown"] as const;
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
  /** While queued: where the job stands in its environment's line. */
  line?: LinePlace | undefined;
  /** Set when the environment names approvers: who may approve, until when, and who did. */
  approval?: ApprovalView | undefined;
  /** Who stopped the job with `/cancel` (or rejected it, or a newer command that replaced it). */
  cancelledBy?: string | undefined;
  /** Set for `/rollback`: the deployment being rolled back from. */
  rollback?: { fromSha: string } | undefined;
  /** Which step of the task runs, when the task has steps; a plain `/migrate` has none. */
  step?: TaskStep | undefined;
  /** The pinned commit's committer date (ms), when the task checked it out: lead time counts from it. */
  committedAt?: number | undefined;
}

/** What every job holds before it starts: nothing run, nothing reported yet. */
export const NOT_STARTED = {
  startedAt: undefined,
  finishedAt: undefined,
  headMovedTo: undefined,
  output: "",
  exitCode: undefined,
  problem: undefined,
  deploymentUrl: undefined,
} as const satisfies Partial<JobView>;

/** A queued job's place: `position` 1 is next to run once nothing runs ahead of it. */
export interface LinePlace {
  position: number;
  /** The job directly ahead (running, or waiting in front), when there is one. */
  ahead: { pullRequest: number | undefined; actor: string; running: boolean } | undefined;
}

export interface ApprovalView {
  /** Logins and `@org/team` slugs, as the config names them. */
  approvers: readonly string[];
  /** When the request lapses if nobody approves (ms since the epoch). */
  expiresAt: number;
  approvedBy: string | undefined;
  approvedAt: number | undefined;
  /** Set by `/reject`. */
  rejectedBy?: string | undefined;
}

export function isFinal(state: JobState): boolean {
  return FINAL_STATES.includes(state);
}
