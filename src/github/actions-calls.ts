import type { ProbotOctokit } from "probot";
import type { WorkflowCalls, WorkflowRun } from "../shared/workflow-calls.ts";

/** GitHub calls for the `workflow:` executor (GitHub Actions). */
export type ActionsCalls = WorkflowCalls;

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

function runFacts(run: RawRun): WorkflowRun {
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
