/** The repository a workflow lives in. */
export interface WorkflowRepo {
  owner: string;
  repo: string;
}

/** What the executor reads of a workflow run. */
export interface WorkflowRun {
  id: number;
  htmlUrl: string;
  status: string;
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

/** The few GitHub Actions calls the workflow executor makes; the worker passes GitHub's in. */
export interface WorkflowCalls {
  /** `runId` when GitHub names the run it created, else undefined. */
  dispatchWorkflow(
    repo: WorkflowRepo,
    input: { workflow: string; ref: string; inputs: Readonly<Record<string, string>> },
  ): Promise<{ runId: number | undefined }>;
  /** Newest first. */
  listWorkflowRuns(
    repo: WorkflowRepo,
    query: { workflow: string; event?: string; createdSince?: number },
  ): Promise<WorkflowRun[]>;
  getWorkflowRun(repo: WorkflowRepo, runId: number): Promise<WorkflowRun>;
  listRunJobs(repo: WorkflowRepo, runId: number): Promise<WorkflowJob[]>;
  cancelWorkflowRun(repo: WorkflowRepo, runId: number): Promise<void>;
}
