import { parseCommandLine } from "../commands/parse-command-line.ts";
import { COMMAND_USAGE } from "../commands/usage.ts";
import type { LoadedConfig } from "../config/repo-config-cache.ts";
import type { GitHubClient, PullRequestFacts } from "../github/github-client.ts";
import type { CommandRequest } from "../jobs/command-request.ts";
import type { IntakeJob } from "../jobs/intake-job.schema.ts";
import { renderCommandReply } from "../reporting/render/reply.ts";
import type { Access } from "../shared/roles.ts";
import { answerCommand } from "./answer-command.ts";
import type { CommandContext } from "./command-context.ts";
import { configReply, helpReply } from "./config-replies.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/** Facts read from GitHub once per comment, whatever number of commands it holds. */
export interface CommentFacts {
  config: LoadedConfig;
  role: Access;
  pullRequest: PullRequestFacts;
}

/**
 * The intake pipeline for one pull-request comment:
 * 1. 👀 on the comment while 2. the config, the requester's role and the PR are read;
 * 3. each command line is parsed, checked and either queued as a task or answered
 *    (deploys and rollbacks, holds, approvals, cancels, status);
 * 4. the answers go out as one reply, with 👎 when something was refused.
 * Every GitHub call may fail and be retried by the queue, so each step is safe to repeat.
 */
export async function processIntake(deps: IntakeDeps, job: IntakeJob): Promise<void> {
  const github = await deps.github(job.installationId);
  const repo = { owner: job.repository.owner, repo: job.repository.name };
  const [, facts] = await Promise.all([
    github.addReaction(repo, job.commentId, "eyes"),
    readFacts(deps, github, job),
  ]);

  const replies: string[] = [];
  let refused = false;
  for (const { line, text } of job.lines) {
    const parsed = parseCommandLine(text);
    if (parsed.kind === "ignore") continue;
    if (parsed.kind === "reply") {
      replies.push(renderCommandReply(text, parsed.message));
      continue;
    }
    const command = parsed.command;
    if (command.kind === "help") {
      replies.push(helpReply(facts.config, COMMAND_USAGE));
      continue;
    }
    if (facts.config.kind !== "valid") {
      replies.push(configReply(facts.config, job.repository));
      refused = true;
      continue;
    }
    const ctx: CommandContext = {
      deps,
      github,
      request: requestFromComment(job),
      line,
      config: facts.config.config,
      role: facts.role,
      pullRequest: facts.pullRequest,
    };
    const answer = await answerCommand(ctx, command, text);
    if (answer.reply !== undefined) replies.push(answer.reply);
    refused ||= answer.refused;
  }
  await postReplies(deps, github, job, replies, refused);
}

async function readFacts(deps: IntakeDeps, github: GitHubClient, job: IntakeJob): Promise<CommentFacts> {
  const repo = { owner: job.repository.owner, repo: job.repository.name };
  const [config, role, pullRequest] = await Promise.all([
    deps.configCache.load(github, {
      ...repo,
      id: job.repository.id,
      defaultBranch: job.repository.defaultBranch,
    }),
    github.getRole(repo, job.sender.login),
    github.getPullRequest(repo, job.pullRequest),
  ]);
  return { config, role, pullRequest };
}

async function postReplies(
  deps: IntakeDeps,
  github: GitHubClient,
  job: IntakeJob,
  replies: readonly string[],
  refused: boolean,
): Promise<void> {
  if (replies.length === 0) return;
  // A retried intake must not answer the same comment twice.
  const key = `${deps.prefix}:replied:${job.commentId}`;
  if ((await deps.redis.exists(key)) === 1) return;
  const repo = { owner: job.repository.owner, repo: job.repository.name };
  await github.createComment(repo, job.pullRequest, `@${job.sender.login}\n\n${replies.join("\n\n---\n\n")}`);
  await deps.redis.set(key, "1", "EX", 7 * 24 * 3600);
  if (refused) await github.addReaction(repo, job.commentId, "-1");
}

/** The comment's author and place, as every command handler sees a request. */
function requestFromComment(job: IntakeJob): CommandRequest {
  return {
    surface: "github",
    installationId: job.installationId,
    repository: job.repository,
    pullRequest: job.pullRequest,
    login: job.sender.login,
    idBase: String(job.commentId),
    commentId: job.commentId,
    slack: undefined,
    receivedAt: job.receivedAt,
  };
}
