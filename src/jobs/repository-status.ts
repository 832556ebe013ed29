import type { HoldView } from "./hold-view.ts";
import type { JobState, JobView, TaskKind } from "./job-view.ts";

/** One job as `/status` lists it. */
export interface JobSummary {
  id: string;
  task: TaskKind;
  state: JobState;
  environment: string;
  pullRequest: number | undefined;
  actor: string;
  sha: string;
  /** When it entered its current state (ms since the epoch). */
  since: number;
}

/** What runs, waits and holds locks in one repository, environment by environment (config order). */
export interface RepositoryStatus {
  environments: readonly {
    name: string;
    running: JobSummary | undefined;
    /** In the order they will run. */
    waiting: readonly JobSummary[];
    hold: HoldView | undefined;
  }[];
  awaitingApproval: readonly JobSummary[];
}

/** A job as lists show it: `since` is when it started running, else when it was queued. */
export function summarizeJob(view: JobView): JobSummary {
  return {
    id: view.id,
    task: view.task,
    state: view.state,
    environment: view.environment,
    pullRequest: view.pullRequest,
    actor: view.actor,
    sha: view.sha,
    since: view.state === "running" ? (view.startedAt ?? view.queuedAt) : view.queuedAt,
  };
}
