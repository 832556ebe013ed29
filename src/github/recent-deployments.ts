import type { ProbotOctokit } from "probot";

/** One deployment as GitHub lists it, with its creation time parsed. */
export type ListedDeployment = Awaited<
  ReturnType<ProbotOctokit["rest"]["repos"]["listDeployments"]>
>["data"][number] & { createdAt: number };

/** The environment's most recent deployments, newest first (ties by id), at most `limit` (1 to 100). */
export async function recentDeployments(
  octokit: ProbotOctokit,
  coords: { owner: string; repo: string },
  environment: string,
  limit: number,
): Promise<ListedDeployment[]> {
  const { data } = await octokit.rest.repos.listDeployments({
    ...coords,
    environment,
    per_page: Math.min(Math.max(limit, 1), 100),
  });
  // GitHub lists newest first already; sorting keeps that true whatever the API does.
  return data
    .map((deployment) => ({ ...deployment, createdAt: Date.parse(deployment.created_at) }))
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    .slice(0, limit);
}
