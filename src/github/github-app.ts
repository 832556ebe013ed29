import type { Probot } from "probot";
import { statusOf } from "./github-client.ts";

/** A repository as GitHub describes it, with what a job needs of it. */
export interface RepositoryFacts {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  cloneUrl: string;
  htmlUrl: string;
}

/** Calls made as the App itself rather than as one installation. */
export interface GitHubApp {
  /** The installation that can see `owner/repo`, and the repository; undefined when the App is not installed there. */
  findRepository(
    owner: string,
    repo: string,
  ): Promise<{ installationId: number; repository: RepositoryFacts } | undefined>;
}

/** The App's own calls, through Probot's app-authenticated Octokit. */
export function createGitHubApp(probot: Probot): GitHubApp {
  return {
    async findRepository(owner, repo) {
      try {
        const app = await probot.auth();
        const { data: installation } = await app.rest.apps.getRepoInstallation({ owner, repo });
        const octokit = await probot.auth(installation.id);
        const { data } = await octokit.rest.repos.get({ owner, repo });
        return {
          installationId: installation.id,
          repository: {
            id: data.id,
            owner: data.owner.login,
            name: data.name,
            defaultBranch: data.default_branch,
            cloneUrl: data.clone_url,
            htmlUrl: data.html_url,
          },
        };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
  };
}
