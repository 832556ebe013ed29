import type { JobView } from "../jobs/job-view.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import { type JobSummary, type RepositoryStatus, summarizeJob } from "../jobs/repository-status.ts";
import { lineKeyOf } from "../locks/line-places.ts";
import { renderRepositoryStatus } from "../reporting/render/repository-status.ts";
import type { CommandContext, LineAnswer } from "./command-context.ts";

/** `/status`: for each environment of the config, what runs, what waits in order and who holds it. */
export async function answerStatus(ctx: CommandContext): Promise<LineAnswer> {
  const { deps, request } = ctx;
  const repo = repositoryKey(request.repository);
  const [open, holds] = await Promise.all([
    deps.records.unfinished(request.repository),
    deps.holds.list(repo),
  ]);
  const byId = new Map(open.map((record) => [record.view.id, record.view]));
  const environments = await Promise.all(
    ctx.config.environments.map(async (environment) => {
      const key = lineKeyOf({ repository: request.repository, environment: environment.name });
      const [holder, waiting] = await Promise.all([deps.lines.holder(key), deps.lines.waiting(key)]);
      const here = (view: JobView) => view.environment.toLowerCase() === environment.name.toLowerCase();
      const running =
        (holder === undefined ? undefined : byId.get(holder)) ??
        open.map((record) => record.view).find((view) => here(view) && view.state === "running");
      return {
        name: environment.name,
        running: running?.state === "running" ? summarizeJob(running) : undefined,
        waiting: summaries(waiting.map((id) => byId.get(id)).filter((view) => view?.state === "queued")),
        hold: holds.find((hold) => hold.environment.toLowerCase() === environment.name.toLowerCase()),
      };
    }),
  );
  const status: RepositoryStatus = {
    environments,
    awaitingApproval: summaries(open.map((r) => r.view).filter((view) => view.state === "awaiting_approval")),
  };
  return { reply: renderRepositoryStatus(status, deps.now()), refused: false };
}

function summaries(views: readonly (JobView | undefined)[]): JobSummary[] {
  return views.flatMap((view) => (view === undefined ? [] : [summarizeJob(view)]));
}
