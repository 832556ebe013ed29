import type { ProbotOctokit } from "probot";
import { type Access, isRole, NO_ACCESS } from "../shared/roles.ts";
import { type ActionsCalls, actionsCalls } from "./actions-calls.ts";
import { type CheckCalls, checkCalls } from "./check-calls.ts";
import { recentDeployments } from "./recent-deployments.ts";

export interface PullRequestFacts {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  headSha: string;
  headRef: string;
  baseRef: string;
  /** `full_name` of the head repository; undefined when the fork was deleted. */
  headRepoFullName: string | undefined;
  baseRepoFullName: string;
}

export const REACTIONS = ["eyes", "rocket", "confused", "-1", "+1"] as const;
export type Reaction = (typeof REACTIONS)[number];

export const DEPLOYMENT_STATES = [
  "pending",
  "queued",
  "in_progress",
  "success",
  "failure",
  "error",
  "inactive",
] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export interface RepoCoords {
  owner: string;
  repo: string;
}

/** Every GitHub call Shipmate makes, for one installation. Modules depend on the slice they use. */
export interface GitHubClient extends CheckCalls, ActionsCalls {
  getRole(repo: RepoCoords, login: string): Promise<Access>;
  getPullRequest(repo: RepoCoords, number: number): Promise<PullRequestFacts>;
  /** The file's text at `ref`, or undefined when it does not exist. */
  getFileText(repo: RepoCoords, path: string, ref: string): Promise<string | undefined>;
  addReaction(repo: RepoCoords, commentId: number, content: Reaction): Promise<void>;
  createComment(repo: RepoCoords, issueNumber: number, body: string): Promise<number>;
  updateComment(repo: RepoCoords, commentId: number, body: string): Promise<void>;
  createDeployment(repo: RepoCoords, input: DeploymentInput): Promise<{ id: number; url: string }>;
  createDeploymentStatus(repo: RepoCoords, deploymentId: number, input: DeploymentStatusInput): Promise<void>;
  /** The commit SHA a branch, tag or SHA names, or undefined when there is none. */
  resolveRef(repo: RepoCoords, ref: string): Promise<string | undefined>;
  /** When the commit was made (its committer date, ms), or undefined when GitHub does not know it. */
  commitTime(repo: RepoCoords, sha: string): Promise<number | undefined>;
  installationToken(): Promise<string>;
  /** True when `login` is an active member of `org`'s team `teamSlug`. */
  isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean>;
  /** Every review on the pull request, oldest first. */
  listReviews(repo: RepoCoords, pullNumber: number): Promise<ReviewFacts[]>;
  /** Check runs and commit statuses on a commit (the latest of each name or context). */
  getCommitChecks(repo: RepoCoords, sha: string): Promise<CommitChecks>;
  /** The environment's most recent deployments, newest first, at most `limit`. */
  listDeployments(repo: RepoCoords, environment: string, limit: number): Promise<DeploymentFacts[]>;
  /** A deployment's statuses, newest first. */
  listDeploymentStates(repo: RepoCoords, deploymentId: number): Promise<DeploymentState[]>;
}

export interface ReviewFacts {
  login: string;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING, as GitHub sends it. */
  state: string;
  /** The commit the review was made on. */
  commitId: string;
  submittedAt: number | undefined;
}

export interface CommitChecks {
  /** `status` queued|in_progress|completed; `conclusion` set when completed (success, failure, neutral, skipped, …). */
  runs: readonly { name: string; status: string; conclusion: string | null }[];
  /** `state` error|failure|pending|success. */
  statuses: readonly { context: string; state: string }[];
}

export interface DeploymentFacts {
  id: number;
  sha: string;
  ref: string;
  createdAt: number;
}

export interface DeploymentInput {
  sha: string;
  environment: string;
  description: string;
  payload: Record<string, unknown>;
  transient: boolean;
  production: boolean;
}

export interface DeploymentStatusInput {
  state: DeploymentState;
  description: string;
  environmentUrl: string | undefined;
  logUrl: string | undefined;
}

/** Adapts an installation-authenticated Probot Octokit to the calls above. */
export function createGitHubClient(octokit: ProbotOctokit): GitHubClient {
  return {
    ...checkCalls(octokit),
    ...actionsCalls(octokit),
    async getRole({ owner, repo }, login) {
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username: login,
      });
      // `permission` folds maintain into write and triage into read; `role_name` keeps them, but may be a custom role.
      if (isRole(data.role_name)) return data.role_name;
      // A private repository's outsider is `none`: counting them as `read` would let them deploy where `read` may.
      if (data.permission === NO_ACCESS) return NO_ACCESS;
      return isRole(data.permission) ? data.permission : "read";
    },
    async getPullRequest({ owner, repo }, number) {
      const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
      return {
        number: data.number,
        state: data.state === "open" ? "open" : "closed",
        merged: data.merged,
        headSha: data.head.sha,
        headRef: data.head.ref,
        baseRef: data.base.ref,
        headRepoFullName: data.head.repo?.full_name,
        baseRepoFullName: data.base.repo.full_name,
      };
    },
    async getFileText({ owner, repo }, path, ref) {
      try {
        const response = await octokit.rest.repos.getContent({ owner, repo, path, ref });
        const data = response.data;
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
        return Buffer.from(data.content, "base64").toString("utf8");
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async addReaction({ owner, repo }, commentId, content) {
      await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content });
    },
    async createComment({ owner, repo }, issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: issueNumber,
        body,
      });
      return data.id;
    },
    async updateComment({ owner, repo }, commentId, body) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
    },
    async createDeployment({ owner, repo }, input) {
      const response = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: input.sha,
        environment: input.environment,
        description: input.description,
        payload: input.payload,
        auto_merge: false,
        // Shipmate checks commit statuses itself (or not, as configured): GitHub must not refuse for it.
        required_contexts: [],
        transient_environment: input.transient,
        production_environment: input.production,
      });
      const data = response.data;
      if (!("id" in data))
        throw new Error(`GitHub did not create the deployment: ${data.message ?? "no id"}`);
      return { id: data.id, url: data.url };
    },
    async createDeploymentStatus({ owner, repo }, deploymentId, input) {
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: deploymentId,
        state: input.state,
        description: input.description.slice(0, 140),
        ...(input.environmentUrl ? { environment_url: input.environmentUrl } : {}),
        ...(input.logUrl ? { log_url: input.logUrl } : {}),
        auto_inactive: input.state === "success",
      });
    },
    async resolveRef({ owner, repo }, ref) {
      try {
        const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref });
        return data.sha;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 || status === 422) return undefined;
        throw error;
      }
    },
    async commitTime({ owner, repo }, sha) {
      try {
        const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref: sha });
        const at = Date.parse(data.commit.committer?.date ?? "");
        return Number.isFinite(at) ? at : undefined;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 || status === 422) return undefined;
        throw error;
      }
    },
    async installationToken() {
      const auth = (await octokit.auth({ type: "installation" })) as { token?: unknown };
      if (typeof auth.token !== "string") throw new Error("GitHub returned no installation token");
      return auth.token;
    },
    // The reads that gates and `/rollback` need.
    async isTeamMember(org, teamSlug, login) {
      try {
        const { data } = await octokit.rest.teams.getMembershipForUserInOrg({
          org,
          team_slug: teamSlug,
          username: login,
        });
        // An invitation not yet accepted is `pending`: not a member yet.
        return data.state === "active";
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    },
    async listReviews({ owner, repo }, pullNumber) {
      const reviews: ReviewFacts[] = [];
      const pages = octokit.paginate.iterator(octokit.rest.pulls.listReviews, {
        owner,
        repo,
        pull_number: pullNumber,
        per_page: 100,
      });
      for await (const page of capped(pages)) {
        for (const review of page.data) {
          // A deleted account's review has no user: nobody to count, nobody to ask.
          if (!review.user) continue;
          reviews.push({
            login: review.user.login,
            state: review.state,
            // GitHub drops the commit of a review whose commit no longer exists; it approves nothing now.
            commitId: review.commit_id ?? "",
            submittedAt: review.submitted_at ? Date.parse(review.submitted_at) : undefined,
          });
        }
      }
      return reviews;
    },
    async getCommitChecks({ owner, repo }, sha) {
      const readRuns = async () => {
        const runs: CommitChecks["runs"][number][] = [];
        const pages = octokit.paginate.iterator(octokit.rest.checks.listForRef, {
          owner,
          repo,
          ref: sha,
          filter: "latest",
          per_page: 100,
        });
        for await (const page of capped(pages)) {
          for (const run of page.data) {
            runs.push({ name: run.name, status: run.status, conclusion: run.conclusion });
          }
        }
        return runs;
      };
      const [runs, combined] = await Promise.all([
        readRuns(),
        octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref: sha, per_page: 100 }),
      ]);
      // The combined status already keeps only the latest status of each context.
      const statuses = combined.data.statuses.map((status) => ({
        context: status.context,
        state: status.state,
      }));
      return { runs, statuses };
    },
    async listDeployments(coords, environment, limit) {
      return (await recentDeployments(octokit, coords, environment, limit)).map((deployment) => ({
        id: deployment.id,
        sha: deployment.sha,
        ref: deployment.ref,
        createdAt: deployment.createdAt,
      }));
    },
    async listDeploymentStates({ owner, repo }, deploymentId) {
      const { data } = await octokit.rest.repos.listDeploymentStatuses({
        owner,
        repo,
        deployment_id: deploymentId,
        per_page: 100,
      });
      return data
        .map((status) => ({ id: status.id, createdAt: Date.parse(status.created_at), state: status.state }))
        .sort(newestFirst)
        .flatMap((status) => (isDeploymentState(status.state) ? [status.state] : []));
    },
  };
}

// Enough for any real pull request or commit, and a bound on what one decision costs in API calls.
const MAX_PAGES = 5;

async function* capped<Page>(pages: AsyncIterable<Page>): AsyncGenerator<Page> {
  let count = 0;
  for await (const page of pages) {
    yield page;
    if (++count >= MAX_PAGES) return;
  }
}

// GitHub lists both newest first already; sorting keeps that true whatever the API does, ties by id.
function newestFirst(a: { id: number; createdAt: number }, b: { id: number; createdAt: number }): number {
  return b.createdAt - a.createdAt || b.id - a.id;
}

function isDeploymentState(value: string): value is DeploymentState {
  return (DEPLOYMENT_STATES as readonly string[]).includes(value);
}

/** The HTTP status of an Octokit request error, if it is one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") {
    return error.status;
  }
  return undefined;
}
