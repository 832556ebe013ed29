import { createHash } from "node:crypto";
import type { SlackTarget } from "../commands/slack-target.ts";
import type { RepoConfig } from "../config/repo-config.ts";
import type { GitHubClient, PullRequestFacts } from "../github/github-client.ts";
import type { CommandRequest } from "../jobs/command-request.ts";
import type { Repository } from "../jobs/repository.schema.ts";
import type { SlackIntakeJob } from "../jobs/slack-intake-job.schema.ts";
import type { Access } from "../shared/roles.ts";
import { configReply } from "./config-replies.ts";
import { loadTask } from "./enqueue-task.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/** What a Slack request resolves to before its command runs: or the sentence that says why it cannot. */
export type SlackRequestFacts =
  | {
      kind: "located";
      request: CommandRequest;
      github: GitHubClient;
      config: RepoConfig;
      role: Access;
      pullRequest: PullRequestFacts | undefined;
    }
  | { kind: "answer"; message: string };

/**
 * Finds the repository (from the target, or from the job a button or `cancel <job>` names), reads its
 * config from the default branch, maps the Slack user to a GitHub login (the repository's `slack.users`,
 * then the server's map) and reads that login's role: the same facts a PR comment starts from.
 */
export async function locateSlackRequest(
  deps: IntakeDeps,
  job: SlackIntakeJob,
  wanted: { target: SlackTarget | undefined; needsTarget: boolean },
  namedJob: string | undefined,
): Promise<SlackRequestFacts> {
  const place = await findPlace(deps, job, wanted, namedJob);
  const target = wanted.target;
  if (place.kind === "answer") return place;
  const { installationId, repository } = place;
  const github = await deps.github(installationId);
  const repo = { owner: repository.owner, repo: repository.name };
  const config = await deps.configCache.load(github, {
    ...repo,
    id: repository.id,
    defaultBranch: repository.defaultBranch,
  });
  if (config.kind !== "valid") return { kind: "answer", message: configReply(config, repository) };
  const login = config.config.slack.users[job.userId] ?? deps.slackUsers[job.userId];
  if (login === undefined) return { kind: "answer", message: unlinked(job.userId, repository) };
  const pullNumber = target?.pullRequest ?? place.pullRequest;
  const [role, pullRequest] = await Promise.all([
    github.getRole(repo, login),
    pullNumber === undefined ? undefined : readPullRequest(github, repo, pullNumber),
  ]);
  if (pullNumber !== undefined && pullRequest === undefined) {
    return {
      kind: "answer",
      message: `There is no pull request #${pullNumber} in ${repository.owner}/${repository.name}.`,
    };
  }
  const request: CommandRequest = {
    surface: "slack",
    installationId,
    repository,
    pullRequest: pullNumber,
    login,
    idBase: slackIdBase(job.requestId),
    commentId: undefined,
    slack: { channel: job.channelId, threadTs: job.kind === "slack-command" ? job.threadTs : undefined },
    receivedAt: job.receivedAt,
  };
  return { kind: "located", request, github, config: config.config, role, pullRequest };
}

type Place =
  | { kind: "place"; installationId: number; repository: Repository; pullRequest: number | undefined }
  | { kind: "answer"; message: string };

async function findPlace(
  deps: IntakeDeps,
  job: SlackIntakeJob,
  wanted: { target: SlackTarget | undefined; needsTarget: boolean },
  namedJob: string | undefined,
): Promise<Place> {
  const named = wanted.target ?? (wanted.needsTarget ? channelDefault(deps, job) : undefined);
  if (named !== undefined) {
    const owner = named.owner ?? (await ownerOfShortName(deps, named.repo));
    if (typeof owner !== "string") return owner;
    const found = await deps.githubApp.findRepository(owner, named.repo);
    if (found === undefined) {
      return {
        kind: "answer",
        message: `Shipmate is not installed on \`${owner}/${named.repo}\`, or there is no such repository.`,
      };
    }
    return { kind: "place", ...found, pullRequest: undefined };
  }
  if (wanted.needsTarget) {
    return {
      kind: "answer",
      message:
        "Name the repository, as in `deploy acme/shop#42 to staging` or `status acme/shop`; a channel can have a default one (`SLACK_CHANNEL_REPOS`).",
    };
  }
  const task = namedJob === undefined ? undefined : await loadTask(deps, namedJob);
  if (task === undefined) {
    return {
      kind: "answer",
      message:
        namedJob === undefined
          ? "Name the job, as in `cancel task-123-1`, or the repository, as in `status owner/repo`."
          : `There is no job \`${namedJob}\`.`,
    };
  }
  return {
    kind: "place",
    installationId: task.installationId,
    repository: task.repository,
    pullRequest: task.pullRequest,
  };
}

async function readPullRequest(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  number: number,
): Promise<PullRequestFacts | undefined> {
  try {
    return await github.getPullRequest(repo, number);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

function unlinked(userId: string, repository: Repository): string {
  return [
    `Your Slack account (\`${userId}\`) is not linked to a GitHub login, so Shipmate cannot tell what you may do in ${repository.owner}/${repository.name}.`,
    `Ask a maintainer to add \`${userId}: <your-github-login>\` under \`slack.users\` in \`.github/shipmate.yml\` on the default branch, or to the server's \`SLACK_USERS_FILE\`.`,
  ].join(" ");
}

/** What the ids of a Slack request's tasks are built from: short, and the same on every retry. */
export function slackIdBase(requestId: string): string {
  return `s${createHash("sha256").update(requestId).digest("hex").slice(0, 12)}`;
}

/** The repository `SLACK_CHANNEL_REPOS` names for the channel (by id, or by `#name` when Slack sent it). */
function channelDefault(deps: IntakeDeps, job: SlackIntakeJob): SlackTarget | undefined {
  const full =
    deps.slackChannelRepos[job.channelId] ??
    (job.channelName === undefined ? undefined : deps.slackChannelRepos[`#${job.channelName}`]);
  const [owner, repo] = full?.split("/") ?? [];
  if (owner === undefined || repo === undefined) return undefined;
  return { owner, repo, pullRequest: undefined, ref: undefined };
}

const REPOSITORY_LIST_TTL_SECONDS = 600;

/** The owner of the one repository called `name` that Shipmate can see, or the answer that says why not. */
async function ownerOfShortName(deps: IntakeDeps, name: string): Promise<string | Place> {
  const key = `${deps.prefix}:slack:repositories`;
  const cached = await deps.redis.get(key);
  const all = cached
    ? (JSON.parse(cached) as { owner: string; name: string }[])
    : await deps.githubApp.listRepositories();
  if (!cached) await deps.redis.set(key, JSON.stringify(all), "EX", REPOSITORY_LIST_TTL_SECONDS);
  const matches = all.filter((repo) => repo.name.toLowerCase() === name.toLowerCase());
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return only.owner;
  const message =
    matches.length === 0
      ? `Shipmate is installed on no repository called \`${name}\`; name it with its owner, as in \`owner/${name}\`.`
      : `Several repositories are called \`${name}\` (${matches.map((m) => `\`${m.owner}/${m.name}\``).join(", ")}); name the one you mean with its owner.`;
  return { kind: "answer", message };
}
