import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { AuditTrail } from "../audit/audit-trail.ts";
import type { RepoConfigCache } from "../config/repo-config-cache.ts";
import type { GitHubApp } from "../github/github-app.ts";
import type { GitHubClient } from "../github/github-client.ts";
import type { EnvironmentHolds } from "../locks/environment-holds.ts";
import type { EnvironmentLines } from "../locks/environment-line.ts";
import type { CancelRequests } from "../queue/cancel-requests.ts";
import type { JobRecords } from "../queue/job-records.ts";
import type { ReportRequester } from "../queue/request-report.ts";
import type { Logger } from "../shared/logger.ts";
import type { SlackClient } from "../slack/slack-client.ts";

/** What the intake pipeline needs from the outside world, passed in so tests can see every effect. */
export interface IntakeDeps {
  github: (installationId: number) => Promise<GitHubClient>;
  configCache: RepoConfigCache;
  records: JobRecords;
  tasks: Queue;
  requestReport: ReportRequester;
  redis: Redis;
  prefix: string;
  log: Logger;
  now: () => number;
  lines: EnvironmentLines;
  holds: EnvironmentHolds;
  audit: AuditTrail;
  cancels: CancelRequests;
  /** Calls made as the App (finding a repository's installation for Slack commands). */
  githubApp: GitHubApp;
  /** Undefined when Slack is not configured. */
  slack: SlackClient | undefined;
  /** The server's Slack user id → GitHub login map (SLACK_USERS_FILE); a repository's `slack.users` comes first. */
  slackUsers: Readonly<Record<string, string>>;
  /** Channel id or `#name` → `owner/repo`: the repository a Slack command there is about when it names none. */
  slackChannelRepos: Readonly<Record<string, string>>;
}
