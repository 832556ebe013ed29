import { CONFIG_PATH } from "../config/parse-repo-config.ts";
import type { GitHubClient } from "../github/github-client.ts";
import type { PushJob } from "../jobs/push-intake-job.schema.ts";

const NO_COMMIT = /^0{40}$/;

/**
 * Whether a push gets the `shipmate/config` check: when a pushed commit adds, changes or removes the
 * file, and, on a branch other than the default one, whenever its file differs from the default
 * branch's, so that the head of a pull request that changes the config always carries the check.
 * The file is read only when the payload cannot tell.
 */
export async function pushTouchesConfig(
  github: Pick<GitHubClient, "getFileText">,
  job: PushJob,
): Promise<boolean> {
  if (job.configListed) return true;
  const toDefault = job.branch === job.repository.defaultBranch;
  if (toDefault && job.commitsComplete) return false;
  const base = toDefault
    ? NO_COMMIT.test(job.before)
      ? undefined
      : job.before
    : job.repository.defaultBranch;
  const repo = { owner: job.repository.owner, repo: job.repository.name };
  const [pushed, before] = await Promise.all([
    github.getFileText(repo, CONFIG_PATH, job.after),
    base === undefined ? undefined : github.getFileText(repo, CONFIG_PATH, base),
  ]);
  return pushed !== before;
}
