import type { Repository } from "./repository.schema.ts";

/** Who asked for a command, where, and about which repository: the same shape from a PR comment or Slack. */
export interface CommandRequest {
  surface: "github" | "slack";
  installationId: number;
  repository: Repository;
  /** The pull request the command is about: the one commented on, or `owner/repo#N` in Slack. */
  pullRequest: number | undefined;
  /** The GitHub login the requester acts as (for Slack, the mapped login). */
  login: string;
  /** What the ids of the tasks this request queues are built from (`task-<idBase>-<line>`). */
  idBase: string;
  /** The comment that holds the command (reactions go on it), when it came from one. */
  commentId: number | undefined;
  /** The Slack channel (and thread) of a job started there: its live message goes there. */
  slack: { channel: string; threadTs: string | undefined } | undefined;
  receivedAt: number;
}
