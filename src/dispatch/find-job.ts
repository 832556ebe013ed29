import type { JobView } from "../jobs/job-view.ts";
import type { JobRecord } from "../queue/job-records.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/** Where a command that names no job looks: the repository and the pull request it was written on. */
export interface JobScope {
  repository: { owner: string; name: string };
  pullRequest: number | undefined;
}

/**
 * The jobs a `/cancel`, `/approve` or `/reject` may be about: the one named (only if it belongs to
 * this repository and `fits`), else every unfinished job of this pull request that `fits`, newest first.
 */
export async function findJobs(
  deps: Pick<IntakeDeps, "records">,
  scope: JobScope,
  named: string | undefined,
  fits: (view: JobView) => boolean,
): Promise<JobRecord[]> {
  if (named !== undefined) {
    const record = await deps.records.load(named);
    return record !== undefined && sameRepository(record.view, scope) && fits(record.view) ? [record] : [];
  }
  const open = await deps.records.unfinished(scope.repository);
  return open
    .filter((record) => record.view.pullRequest === scope.pullRequest && fits(record.view))
    .sort((a, b) => b.view.queuedAt - a.view.queuedAt);
}

function sameRepository(view: JobView, scope: JobScope): boolean {
  return (
    view.repository.owner.toLowerCase() === scope.repository.owner.toLowerCase() &&
    view.repository.name.toLowerCase() === scope.repository.name.toLowerCase()
  );
}
