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
  /** Every repository of every installation, as `owner/name` (for short names in Slack). */
  listRepositories(): Promise<{ owner: string; name: string }[]>;
}

// Enough for any real installation count; beyond it, short names stop resolving rather than hammer the API.
const MAX_PAGES = 10;

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
    async listRepositories() {
      const app = await probot.auth();
      const installations = await app.paginate(
        app.rest.apps.listInstallations,
        { per_page: 100 },
        (response, done) => {
          if (response.url.includes(`page=${MAX_PAGES}`)) done();
          return response.data;
        },
      );
      const lists = await Promise.all(
        installations.map(async (installation) => {
          const octokit = await probot.auth(installation.id);
          const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
            per_page: 100,
          });
          return repos.map((repo) => ({ owner: repo.owner.login, name: repo.name }));
        }),
      );
      return lists.flat();
    },
  };
}
