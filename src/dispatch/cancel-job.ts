import type { Command } from "../commands/command.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import { summarizeJob } from "../jobs/repository-status.ts";
import type { JobRecord } from "../queue/job-records.ts";
import { renderActionReply } from "../reporting/render/action-reply.ts";
import { renderRefusal } from "../reporting/render/refusal.ts";
import { roleAtLeast } from "../shared/roles.ts";
import type { CommandContext, LineAnswer } from "./command-context.ts";
import { loadTask, withdrawTask } from "./enqueue-task.ts";
import { findJobs } from "./find-job.ts";
import { jobSlackRefusals } from "./job-slack-limits.ts";

const WAITING = ["queued", "awaiting_approval"] as const;

/**
 * `/cancel [job]`: a waiting job leaves its line at once; a running one is stopped by the worker
 * that runs it, whichever process that is, through a request in Redis.
 */
export async function cancelJob(
  ctx: CommandContext,
  command: Extract<Command, { kind: "cancel" }>,
  text: string,
): Promise<LineAnswer> {
  const { deps, request } = ctx;
  const scope = { repository: request.repository, pullRequest: request.pullRequest };
  const found = await findJobs(deps, scope, command.job, (view) =>
    ["queued", "awaiting_approval", "running"].includes(view.state),
  );
  const [record] = found;
  if (record === undefined) {
    return answer(renderActionReply({ kind: "no-job", action: "cancel", jobId: command.job }), true);
  }
  if (found.length > 1) {
    const jobs = found.map((r) => summarizeJob(r.view));
    return answer(renderActionReply({ kind: "ambiguous", action: "cancel", jobs }), true);
  }
  const refusals = jobSlackRefusals(ctx, record.view.environment);
  const refusal = permissionRefusal(ctx, record);
  if (refusals.length === 0 && refusal !== undefined) refusals.push(refusal);
  if (refusals.length > 0) return answer(renderRefusal({ command: text, reasons: refusals }), true);

  const by = request.login;
  const cancelled = await deps.records.transition(record.view.id, WAITING, {
    state: "cancelled",
    cancelledBy: by,
    finishedAt: deps.now(),
    problem: "Cancelled before it started.",
  });
  await deps.audit.record({
    at: deps.now(),
    action: "cancel",
    actor: by,
    surface: request.surface,
    repository: repositoryKey(request.repository).fullName,
    environment: record.view.environment,
    pullRequest: record.view.pullRequest,
    sha: record.view.sha,
    job: record.view.id,
    outcome: cancelled > 0 ? "withdrawn" : "stopping",
  });
  if (cancelled > 0) {
    const task = await loadTask(deps, record.view.id);
    if (task !== undefined) await withdrawTask(deps, task);
    await deps.requestReport(record.view.id, cancelled, "now");
    return answer(
      renderActionReply({ kind: "cancelled", job: summarizeJob(record.view), wasRunning: false }),
    );
  }
  // It started in the meantime (or was running already): ask its worker to stop it.
  await deps.cancels.request(record.view.id, by);
  return answer(renderActionReply({ kind: "cancelled", job: summarizeJob(record.view), wasRunning: true }));
}

/** The requester of a job may stop it; so may anyone allowed to run jobs on its environment. */
function permissionRefusal(ctx: CommandContext, record: JobRecord) {
  const login = ctx.request.login;
  if (login.toLowerCase() === record.view.actor.toLowerCase()) return undefined;
  const choice = selectEnvironment(ctx.config, record.view.environment);
  const needed = choice.kind === "chosen" ? choice.environment.require.permission : "admin";
  if (roleAtLeast(ctx.role, needed)) return undefined;
  return {
    code: "insufficient-permission" as const,
    message: `@${login} has \`${ctx.role}\` on this repository; stopping @${record.view.actor}'s job on **${record.view.environment}** needs \`${needed}\`.`,
    fix: `Ask @${record.view.actor} or someone with \`${needed}\` to cancel it.`,
  };
}

function answer(reply: string, refused = false): LineAnswer {
  return { reply, refused };
}
