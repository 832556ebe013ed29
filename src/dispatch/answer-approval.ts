import type { Command } from "../commands/command.ts";
import type { JobView } from "../jobs/job-view.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import { summarizeJob } from "../jobs/repository-status.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";
import { approverRefusal } from "../policy/gates/approver.ts";
import { teamsAmong } from "../policy/gates/gather-gate-facts.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import { renderActionReply } from "../reporting/render/action-reply.ts";
import { renderRefusal } from "../reporting/render/refusal.ts";
import type { CommandContext, LineAnswer } from "./command-context.ts";
import { loadTask, releaseApprovedTask, withdrawTask } from "./enqueue-task.ts";
import { findJobs } from "./find-job.ts";
import { jobSlackRefusals } from "./job-slack-limits.ts";

type ApprovalCommand = Extract<Command, { kind: "approve" | "reject" }>;

/**
 * `/approve [job]` and `/reject [job] [reason]` on a job awaiting approval. Only a listed approver
 * who did not ask for the job may answer, and an approval is for the pinned commit: if the pull
 * request's head has moved since, it is refused.
 */
export async function answerApproval(
  ctx: CommandContext,
  command: ApprovalCommand,
  text: string,
): Promise<LineAnswer> {
  const { deps, request } = ctx;
  const scope = { repository: request.repository, pullRequest: request.pullRequest };
  const found = await findJobs(deps, scope, command.job, (view) => view.state === "awaiting_approval");
  const [record] = found;
  const task = record === undefined ? undefined : await loadTask(deps, record.view.id);
  if (record === undefined || task === undefined || record.view.approval === undefined) {
    return {
      reply: renderActionReply({ kind: "no-job", action: command.kind, jobId: command.job }),
      refused: true,
    };
  }
  if (found.length > 1) {
    const jobs = found.map((r) => summarizeJob(r.view));
    return { reply: renderActionReply({ kind: "ambiguous", action: command.kind, jobs }), refused: true };
  }
  const view = record.view;
  const limits = jobSlackRefusals(ctx, view.environment);
  const refusals = limits.length > 0 ? limits : await approvalRefusals(ctx, command, view, task);
  if (refusals.length > 0)
    return { reply: renderRefusal({ command: text, reasons: refusals }), refused: true };

  const login = request.login;
  const now = deps.now();
  const approval = view.approval ?? {
    approvers: [],
    expiresAt: now,
    approvedBy: undefined,
    approvedAt: undefined,
  };
  const version =
    command.kind === "approve"
      ? await deps.records.transition(view.id, ["awaiting_approval"], {
          state: "queued",
          approval: { ...approval, approvedBy: login, approvedAt: now },
        })
      : await deps.records.transition(view.id, ["awaiting_approval"], {
          state: "cancelled",
          finishedAt: now,
          cancelledBy: login,
          approval: { ...approval, rejectedBy: login },
          problem: command.reason === undefined ? "Rejected." : `Rejected: ${command.reason}`,
        });
  if (version === 0) {
    return {
      reply: renderActionReply({ kind: "no-job", action: command.kind, jobId: view.id }),
      refused: true,
    };
  }
  await deps.audit.record({
    at: now,
    action: command.kind === "approve" ? "approval" : "rejection",
    actor: login,
    surface: request.surface,
    repository: repositoryKey(request.repository).fullName,
    environment: view.environment,
    pullRequest: view.pullRequest,
    sha: view.sha,
    job: view.id,
    ...(command.kind === "reject" && command.reason !== undefined ? { reason: command.reason } : {}),
  });
  if (command.kind === "approve") {
    await releaseApprovedTask(deps, task);
    await deps.requestReport(view.id, version);
    return { reply: renderActionReply({ kind: "approved", job: summarizeJob(view) }), refused: false };
  }
  await withdrawTask(deps, task);
  await deps.requestReport(view.id, version, "now");
  const reply = renderActionReply({ kind: "rejected", job: summarizeJob(view), reason: command.reason });
  return { reply, refused: false };
}

async function approvalRefusals(
  ctx: CommandContext,
  command: ApprovalCommand,
  view: JobView,
  task: TaskJob,
): Promise<Refusal[]> {
  const { github, request } = ctx;
  const repo = { owner: request.repository.owner, repo: request.repository.name };
  const approvers = view.approval?.approvers ?? [];
  const login = request.login;
  const teamsOfLogin = await teamsAmong(github, approvers, login);
  const who = approverRefusal({
    environment: view.environment,
    approvers,
    requester: view.actor,
    login,
    teamsOfLogin,
  });
  if (who !== undefined) return [who];
  if (command.kind === "reject") return [];
  const again = `/${view.task} ${view.environment}`;
  if (ctx.deps.now() >= (view.approval?.expiresAt ?? 0)) {
    return [
      {
        code: "approval-expired",
        message: "This approval request has lapsed.",
        fix: `Ask @${view.actor} to comment \`${again}\` again.`,
      },
    ];
  }
  if (task.pinnedFrom === "pull-request" && view.pullRequest !== undefined) {
    const head =
      view.pullRequest === ctx.pullRequest?.number
        ? ctx.pullRequest.headSha
        : (await github.getPullRequest(repo, view.pullRequest)).headSha;
    if (head !== view.sha) {
      return [
        {
          code: "approval-stale",
          message: `The pull request's head moved to \`${head.slice(0, 7)}\` after this job pinned \`${view.sha.slice(0, 7)}\`, so approving it would ship code nobody reviewed here.`,
          fix: `Ask @${view.actor} to comment \`${again}\` again for the new head, then approve that.`,
        },
      ];
    }
  }
  return [];
}
