import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { RepoConfigCache } from "../../config/repo-config-cache.ts";
import type { EnvironmentHolds } from "../../locks/environment-holds.ts";
import type { Logger } from "../../shared/logger.ts";
import { type IngressOutcome, onIssueComment } from "./on-issue-comment.ts";
import { onPullRequestClosed } from "./on-pull-request-closed.ts";
import { onPullRequestHead, onPush } from "./on-repository-event.ts";

export interface GitHubIngressDeps {
  intake: Queue;
  configCache: RepoConfigCache;
  redis: Redis;
  prefix: string;
  log: Logger;
  holds: EnvironmentHolds;
}

const HEAD_ACTIONS = new Set(["opened", "reopened", "synchronize"]);

/** Routes a verified event to its handler; events Shipmate does not use are acknowledged and dropped. */
export async function handleGitHubEvent(
  deps: GitHubIngressDeps,
  event: string,
  deliveryId: string,
  payload: unknown,
): Promise<IngressOutcome> {
  const action = (payload as { action?: unknown }).action;
  switch (event) {
    case "issue_comment":
      return onIssueComment(deps, deliveryId, payload);
    case "push":
      return (await onPush(deps, payload)) ? "recorded" : "ignored";
    case "pull_request":
      if (action === "closed") return (await onPullRequestClosed(deps, payload)) ? "recorded" : "ignored";
      if (typeof action !== "string" || !HEAD_ACTIONS.has(action)) return "ignored";
      return (await onPullRequestHead(deps, payload)) ? "recorded" : "ignored";
    default:
      return "ignored";
  }
}
