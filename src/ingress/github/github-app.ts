import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { ApplicationFunction } from "probot";
import type { RepoConfigCache } from "../../config/repo-config-cache.ts";
import type { Logger } from "../../shared/logger.ts";
import { onIssueComment } from "./on-issue-comment.ts";
import { onPullRequestHead, onPush } from "./on-repository-event.ts";

export interface GitHubIngressDeps {
  intake: Queue;
  configCache: RepoConfigCache;
  redis: Redis;
  prefix: string;
  log: Logger;
}

/** The Probot app: it only receives events; the work they ask for happens in the queues. */
export function githubApp(deps: GitHubIngressDeps): ApplicationFunction {
  return (app) => {
    app.on("issue_comment.created", async (context) => {
      const outcome = await onIssueComment(deps, context.id, context.payload);
      deps.log.debug({ deliveryId: context.id, outcome }, "issue_comment");
    });
    app.on("push", async (context) => {
      await onPush(deps, context.payload);
    });
    app.on(["pull_request.opened", "pull_request.reopened", "pull_request.synchronize"], async (context) => {
      await onPullRequestHead(deps, context.payload);
    });
  };
}
