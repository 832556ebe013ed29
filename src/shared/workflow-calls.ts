/** The repository a workflow lives in. */
export interface WorkflowRepo {
  owner: string;
  repo: string;
}

/** What Shipmate reads of a workflow run. */
export interface WorkflowRun {
  id: number;
  htmlUrl: string;
  /** queued, in_progress, completed, waiting, requested or pending. */
  status: string;
  /** Set once completed: success, failure, cancelled, timed_out, skipped, neutral, action_required, … */
  conclusion: string | null;
  headSha: string;
  headBranch: string | null;
  event: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** One job of a workflow run. */
export interface WorkflowJob {
  name: string;
  status: string;
  conclusion: string | null;
}

/** The GitHub Actions calls the `workflow:` executor makes: the GitHub client implements them, the worker passes them in. */
export interface WorkflowCalls {
  /**
   * Creates a `workflow_dispatch` event for the workflow file on `ref`; `runId` is the run it created
   * when GitHub says so (`return_run_details`), undefined where GitHub does not (older GitHub Enterprise).
   */
  dispatchWorkflow(
    repo: WorkflowRepo,
    input: { workflow: string; ref: string; inputs: Readonly<Record<string, string>> },
  ): Promise<{ runId: number | undefined }>;
  /** The workflow's most recent runs (up to 50), newest first, optionally only those of one event created since a time. */
  listWorkflowRuns(
    repo: WorkflowRepo,
    query: { workflow: string; event?: string; createdSince?: number },
  ): Promise<WorkflowRun[]>;
  getWorkflowRun(repo: WorkflowRepo, runId: number): Promise<WorkflowRun>;
  /** The run's jobs (latest attempt), in GitHub's order. */
  listRunJobs(repo: WorkflowRepo, runId: number): Promise<WorkflowJob[]>;
  /** Asks GitHub to cancel the run; a run that already finished is not an error. */
  cancelWorkflowRun(repo: WorkflowRepo, runId: number): Promise<void>;
}
