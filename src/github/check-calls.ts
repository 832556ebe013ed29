import type { ProbotOctokit } from "probot";
import { recentDeployments } from "./recent-deployments.ts";

interface RepoCoords {
  owner: string;
  repo: string;
}

export const CHECK_RUN_STATUSES = ["queued", "in_progress", "completed"] as const;
export type CheckRunStatus = (typeof CHECK_RUN_STATUSES)[number];

/** The conclusions an App may set (GitHub alone sets `stale`). */
export const CHECK_CONCLUSIONS = [
  "success",
  "failure",
  "neutral",
  "cancelled",
  "timed_out",
  "action_required",
  "skipped",
] as const;
export type CheckConclusion = (typeof CHECK_CONCLUSIONS)[number];

/** A remark on one line of a file, shown in the pull request's diff. */
export interface CheckAnnotation {
  path: string;
  line: number;
  /** Only kept by GitHub for an annotation on a single line, which these always are. */
  column: number | undefined;
  level: "notice" | "warning" | "failure";
  message: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text: string | undefined;
  /** GitHub takes at most 50 per request and appends them to the ones already there. */
  annotations: readonly CheckAnnotation[];
}

/** What a check run shows; a completed one has a conclusion. */
export interface CheckRunFields {
  status: CheckRunStatus;
  conclusion: CheckConclusion | undefined;
  startedAt: number | undefined;
  completedAt: number | undefined;
  output: CheckRunOutput;
}

/** A deployment with the pull request and the job Shipmate wrote into its payload, if any. */
export interface DeploymentOrigin {
  id: number;
  sha: string;
  createdAt: number;
  pullRequest: number | undefined;
  /** The id of Shipmate's job that made it; undefined for a deployment made by something else. */
  job: string | undefined;
}

/** GitHub calls for check runs (push checks, the config check), and the deployment reads a closed pull request needs. */
export interface CheckCalls {
  /** Creates a check run on `headSha`; returns its id. */
  createCheckRun(
    repo: RepoCoords,
    input: { name: string; headSha: string } & CheckRunFields,
  ): Promise<number>;
  updateCheckRun(repo: RepoCoords, checkRunId: number, fields: CheckRunFields): Promise<void>;
  /** An environment's most recent deployments, newest first, with the pull request each was made for. */
  listDeploymentOrigins(repo: RepoCoords, environment: string, limit: number): Promise<DeploymentOrigin[]>;
}

/** The check-run calls, for one installation. */
export function checkCalls(octokit: ProbotOctokit): CheckCalls {
  return {
    async createCheckRun({ owner, repo }, input) {
      const { data } = await octokit.rest.checks.create({
        owner,
        repo,
        name: input.name,
        head_sha: input.headSha,
        ...checkRunBody(input),
      });
      return data.id;
    },
    async updateCheckRun({ owner, repo }, checkRunId, fields) {
      await octokit.rest.checks.update({ owner, repo, check_run_id: checkRunId, ...checkRunBody(fields) });
    },
    async listDeploymentOrigins(coords, environment, limit) {
      return (await recentDeployments(octokit, coords, environment, limit)).map((deployment) => ({
        id: deployment.id,
        sha: deployment.sha,
        createdAt: deployment.createdAt,
        pullRequest: pullRequestOf(deployment.payload),
        job: jobOf(deployment.payload),
      }));
    },
  };
}

function checkRunBody(fields: CheckRunFields) {
  const { output } = fields;
  return {
    status: fields.status,
    ...(fields.conclusion === undefined ? {} : { conclusion: fields.conclusion }),
    ...(fields.startedAt === undefined ? {} : { started_at: new Date(fields.startedAt).toISOString() }),
    ...(fields.completedAt === undefined ? {} : { completed_at: new Date(fields.completedAt).toISOString() }),
    output: {
      title: output.title,
      summary: output.summary,
      ...(output.text === undefined ? {} : { text: output.text }),
      ...(output.annotations.length === 0 ? {} : { annotations: output.annotations.map(annotationBody) }),
    },
  };
}

function annotationBody(annotation: CheckAnnotation) {
  return {
    path: annotation.path,
    start_line: annotation.line,
    end_line: annotation.line,
    ...(annotation.column === undefined
      ? {}
      : { start_column: annotation.column, end_column: annotation.column }),
    annotation_level: annotation.level,
    message: annotation.message,
  };
}

// Shipmate's own deployments carry `{ pullRequest, job, … }`; others' payloads may be anything, or a string.
function pullRequestOf(payload: unknown): number | undefined {
  if (typeof payload !== "object" || payload === null || !("pullRequest" in payload)) return undefined;
  const number = payload.pullRequest;
  return typeof number === "number" && Number.isInteger(number) ? number : undefined;
}

function jobOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || !("job" in payload)) return undefined;
  return typeof payload.job === "string" ? payload.job : undefined;
}
