import type { RepoConfig } from "../config/repo-config.ts";
import type { GitHubClient, PullRequestFacts } from "../github/github-client.ts";
import type { CommandRequest } from "../jobs/command-request.ts";
import type { SlackOrigin } from "../policy/slack-allowlist.ts";
import type { Access } from "../shared/roles.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/** Everything one command line is decided with: read once per comment, shared by its lines. */
export interface CommandContext {
  deps: IntakeDeps;
  github: GitHubClient;
  request: CommandRequest;
  /** 1-based line of the command within its comment. */
  line: number;
  config: RepoConfig;
  /** The requester's role on the repository. */
  role: Access;
  /** The pull request the command is about, read once; undefined when it names none (Slack). */
  pullRequest: PullRequestFacts | undefined;
  /** Where a Slack request came from: the Slack limits of the environment it acts on apply to it. */
  slackOrigin?: SlackOrigin | undefined;
}

/** How a command line was answered: a reply for the thread (if any) and whether it was refused. */
export interface LineAnswer {
  reply: string | undefined;
  refused: boolean;
  /** The job the command queued, for the audit trail. */
  job?: string | undefined;
  /** The reason codes of a refusal, for the audit trail. */
  reasons?: readonly string[] | undefined;
}
