import { commandEvent } from "../audit/command-event.ts";
import type { Command } from "../commands/command.ts";
import { parseCommandLine } from "../commands/parse-command-line.ts";
import { readSlackCommand } from "../commands/slack-target.ts";
import { COMMAND_USAGE } from "../commands/usage.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import { repositoryKey } from "../jobs/repository.schema.ts";
import type { SlackIntakeJob } from "../jobs/slack-intake-job.schema.ts";
import { slackAllowlistRefusals } from "../policy/slack-allowlist.ts";
import { renderCommandList } from "../reporting/render/help.ts";
import { renderRefusal } from "../reporting/render/refusal.ts";
import { slackMrkdwn } from "../reporting/render/slack/slack-mrkdwn.ts";
import type { SlackClient } from "../slack/slack-client.ts";
import { answerCommand } from "./answer-command.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { locateSlackRequest } from "./locate-slack-request.ts";

/**
 * The intake pipeline for one Slack request (a `/shipmate` command, a mention, or a button):
 * 1. the text becomes the line a PR comment would hold, plus its target;
 * 2. the repository, its config, the requester's GitHub login and role are found;
 * 3. the command runs through the same handlers as a PR comment;
 * 4. the answer goes back to the person only (ephemeral); a queued job gets its live message from the reports.
 */
export async function processSlackIntake(deps: IntakeDeps, job: SlackIntakeJob): Promise<void> {
  const slack = deps.slack;
  if (slack === undefined) return;
  const answer = await answerSlackRequest(deps, job);
  if (answer !== undefined) await replyOnce(deps, slack, job, answer);
}

async function answerSlackRequest(deps: IntakeDeps, job: SlackIntakeJob): Promise<string | undefined> {
  const read =
    job.kind === "slack-action"
      ? ({
          kind: "line",
          line: `/${job.action} ${job.jobId}`,
          target: undefined,
          needsTarget: false,
        } as const)
      : readSlackCommand(job.text);
  if (read.kind === "reply") return read.message;
  const parsed = parseCommandLine(read.line);
  if (parsed.kind === "ignore") return `I do not know that command.\n\n${slackHelp()}`;
  if (parsed.kind === "reply") return parsed.message;
  const command = parsed.command;
  if (command.kind === "help") return slackHelp();
  const located = await locateSlackRequest(deps, job, read, namedJob(command));
  if (located.kind === "answer") return located.message;
  const { request, github, config, role, pullRequest } = located;
  const environment = environmentOf(command);
  const choice = environment === null ? undefined : selectEnvironment(config, environment);
  const origin = { channelId: job.channelId, channelName: job.channelName, userId: job.userId };
  if (choice?.kind === "chosen") {
    const refusals = slackAllowlistRefusals(choice.environment, origin);
    if (refusals.length > 0) {
      await deps.audit.record(
        commandEvent({
          at: deps.now(),
          actor: request.login,
          surface: "slack",
          repository: repositoryKey(request.repository).fullName,
          pullRequest: request.pullRequest,
          command: command.kind,
          environment: choice.environment.name,
          sha: undefined,
          job: undefined,
          refused: true,
          awaitingApproval: false,
          reasons: refusals.map((refusal) => refusal.code),
        }),
      );
      return renderRefusal({ command: read.line, reasons: refusals });
    }
  }
  const ctx = { deps, github, request, line: 1, config, role, pullRequest, slackOrigin: origin };
  const answer = await answerCommand(ctx, command, read.line);
  return answer.reply;
}

/** The environment a command acts on (undefined: the default one), or null for commands about none. */
function environmentOf(command: Command): string | undefined | null {
  switch (command.kind) {
    case "deploy":
    case "rollback":
    case "lock":
    case "unlock":
      return command.environment;
    default:
      return null;
  }
}

function namedJob(command: Command): string | undefined {
  return command.kind === "cancel" || command.kind === "approve" || command.kind === "reject"
    ? command.job
    : undefined;
}

function slackHelp(): string {
  return [
    "Commands name their target: `owner/repo#42` for a pull request, `owner/repo@main` for a ref, `owner/repo` for the repository. For example `/shipmate deploy acme/shop#42 to staging`, `/shipmate rollback acme/shop production`, `/shipmate status acme/shop`, `/shipmate cancel task-123-1`.",
    "",
    renderCommandList(COMMAND_USAGE),
  ].join("\n");
}

/** Answers the person only, once: a retried intake must not say it twice. */
async function replyOnce(
  deps: IntakeDeps,
  slack: SlackClient,
  job: SlackIntakeJob,
  markdown: string,
): Promise<void> {
  const key = `${deps.prefix}:replied:slack-${job.requestId}`;
  if ((await deps.redis.exists(key)) === 1) return;
  const text = slackMrkdwn(markdown);
  if (job.responseUrl !== undefined) {
    await slack.respond(job.responseUrl, { text, responseType: "ephemeral" });
  } else {
    const threadTs = job.kind === "slack-command" ? job.threadTs : undefined;
    await slack.postEphemeral({ channel: job.channelId, user: job.userId, text, threadTs });
  }
  await deps.redis.set(key, "1", "EX", 7 * 24 * 3600);
}
