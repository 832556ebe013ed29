import type { CommandContext } from "./command-context.ts";
import { type PinnedTarget, pinTarget } from "./pin-target.ts";

/**
 * Pins what `/migrate` and `/provision` run: the pull request's head, or for a request about no pull
 * request (a Slack command naming only the repository) the default branch's head.
 */
export async function pinHead(ctx: CommandContext, environment: string): Promise<PinnedTarget> {
  const { github, request, pullRequest } = ctx;
  const repo = { owner: request.repository.owner, repo: request.repository.name };
  const ref = pullRequest === undefined ? request.repository.defaultBranch : undefined;
  const target = { kind: "deploy", environment, ref, params: {}, dryRun: false } as const;
  return pinTarget(github, repo, target, pullRequest, environment);
}
