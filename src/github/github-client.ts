import type { ProbotOctokit } from "probot";
import { isRole, type Role } from "../shared/roles.ts";

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
export interface GitHubClient {
  getRole(repo: RepoCoords, login: string): Promise<Role>;
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
  installationToken(): Promise<string>;
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
    async getRole({ owner, repo }, login) {
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username: login,
      });
      // `permission` folds maintain into write and triage into read; `role_name` keeps them, but may be a custom role.
      if (isRole(data.role_name)) return data.role_name;
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
    async installationToken() {
      const auth = (await octokit.auth({ type: "installation" })) as { token?: unknown };
      if (typeof auth.token !== "string") throw new Error("GitHub returned no installation token");
      return auth.token;
    },
  };
}

/** The HTTP status of an Octokit request error, if it is one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") {
    return error.status;
  }
  return undefined;
}
