import type { ProbotOctokit } from "probot";

interface Repo {
  owner: string;
  repo: string;
}

/** What Shipmate reads of a workflow run. */
export interface WorkflowRunFacts {
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
export interface WorkflowJobFacts {
  name: string;
  status: string;
  conclusion: string | null;
}

/** GitHub calls for the `workflow:` executor (GitHub Actions). */
export interface ActionsCalls {
  /**
   * Creates a `workflow_dispatch` event for the workflow file on `ref`; `runId` is the run it created
   * when GitHub says so (`return_run_details`), undefined where GitHub does not (older GitHub Enterprise).
   */
  dispatchWorkflow(
    repo: Repo,
    input: { workflow: string; ref: string; inputs: Readonly<Record<string, string>> },
  ): Promise<{ runId: number | undefined }>;
  /** The workflow's most recent runs (up to 50), newest first, optionally only those of one event created since a time. */
  listWorkflowRuns(
    repo: Repo,
    query: { workflow: string; event?: string; createdSince?: number },
  ): Promise<WorkflowRunFacts[]>;
  getWorkflowRun(repo: Repo, runId: number): Promise<WorkflowRunFacts>;
  /** The run's jobs (latest attempt), in GitHub's order. */
  listRunJobs(repo: Repo, runId: number): Promise<WorkflowJobFacts[]>;
  /** Asks GitHub to cancel the run; a run that already finished is not an error. */
  cancelWorkflowRun(repo: Repo, runId: number): Promise<void>;
}

const DISPATCH_ROUTE = "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches";

/** The Actions calls, for one installation. */
export function actionsCalls(octokit: ProbotOctokit): ActionsCalls {
  return {
    async dispatchWorkflow({ owner, repo }, input) {
      const base = { owner, repo, workflow_id: input.workflow, ref: input.ref, inputs: { ...input.inputs } };
      try {
        const { data } = await octokit.request(DISPATCH_ROUTE, { ...base, return_run_details: true });
        return { runId: runIdOf(data) };
      } catch (error) {
        // GitHub Enterprise versions from before the parameter existed refuse it by name.
        if (statusOf(error) !== 422 || !/return_run_details/.test(messageOf(error))) throw error;
        await octokit.request(DISPATCH_ROUTE, base);
        return { runId: undefined };
      }
    },
    async listWorkflowRuns({ owner, repo }, query) {
      const { data } = await octokit.rest.actions.listWorkflowRuns({
        owner,
        repo,
        workflow_id: query.workflow,
        per_page: 50,
        ...(query.event !== undefined && { event: query.event }),
        ...(query.createdSince !== undefined && {
          created: `>=${new Date(query.createdSince).toISOString().replace(/\.\d{3}Z$/, "Z")}`,
        }),
      });
      return data.workflow_runs.map(runFacts);
    },
    async getWorkflowRun({ owner, repo }, runId) {
      const { data } = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId });
      return runFacts(data);
    },
    async listRunJobs({ owner, repo }, runId) {
      const { data } = await octokit.rest.actions.listJobsForWorkflowRun({
        owner,
        repo,
        run_id: runId,
        filter: "latest",
        per_page: 100,
      });
      return data.jobs.map((job) => ({ name: job.name, status: job.status, conclusion: job.conclusion }));
    },
    async cancelWorkflowRun({ owner, repo }, runId) {
      try {
        await octokit.rest.actions.cancelWorkflowRun({ owner, repo, run_id: runId });
      } catch (error) {
        // 409: the run already finished, which is what cancelling wanted.
        if (statusOf(error) !== 409) throw error;
      }
    },
  };
}

interface RawRun {
  id: number;
  html_url: string;
  status: string | null;
  conclusion: string | null;
  head_sha: string;
  head_branch: string | null;
  event: string;
  created_at: string;
}

function runFacts(run: RawRun): WorkflowRunFacts {
  return {
    id: run.id,
    htmlUrl: run.html_url,
    status: run.status ?? "queued",
    conclusion: run.conclusion,
    headSha: run.head_sha,
    headBranch: run.head_branch,
    event: run.event,
    createdAt: Date.parse(run.created_at),
  };
}

function runIdOf(data: unknown): number | undefined {
  if (typeof data !== "object" || data === null || !("workflow_run_id" in data)) return undefined;
  return typeof data.workflow_run_id === "number" ? data.workflow_run_id : undefined;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
