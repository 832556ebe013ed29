import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { RepoConfigCache } from "../../config/repo-config-cache.ts";
import type { EnvironmentHolds } from "../../locks/environment-holds.ts";
import type { Logger } from "../../shared/logger.ts";
import { onCheckRerequest } from "./on-check-rerequest.ts";
import { type IngressOutcome, onIssueComment } from "./on-issue-comment.ts";
import { onPullRequestClosed } from "./on-pull-request-closed.ts";
import { onPush } from "./on-push.ts";
import { onPullRequestHead } from "./on-repository-event.ts";

export interface GitHubIngressDeps {
  intake: Queue;
  configCache: RepoConfigCache;
  redis: Redis;
  prefix: string;
  log: Logger;
  holds: EnvironmentHolds;
  /** The App's id: re-run requests for another App's check suite are ignored. */
  appId?: string | undefined;
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
      return onPush(deps, deliveryId, payload);
    case "check_run":
    case "check_suite":
      return action === "rerequested" ? onCheckRerequest(deps, event, deliveryId, payload) : "ignored";
    case "pull_request":
      if (action === "closed") {
        return (await onPullRequestClosed(deps, deliveryId, payload)) ? "recorded" : "ignored";
      }
      if (typeof action !== "string" || !HEAD_ACTIONS.has(action)) return "ignored";
      return (await onPullRequestHead(deps, payload)) ? "recorded" : "ignored";
    default:
      return "ignored";
  }
}
