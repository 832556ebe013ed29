import type { GitHubClient } from "../github/github-client.ts";
import { isFinal } from "../jobs/job-view.ts";
import type { JobRecord } from "../queue/job-records.ts";
import { deploymentStateOf } from "./deployment-state.ts";
import { renderStatusComment } from "./render/status-comment.ts";

export interface MirrorProgress {
  mark(name: string, value: string | number): Promise<void>;
}

/**
 * Brings the pull request up to date with a job record: one status comment edited in place,
 * the Deployment's status, and the final reaction on the command. Each step records what it
 * showed, so a retry after a GitHub error repeats nothing that already landed. `logUrl` is the
 * job page's link, when there is one.
 */
export async function mirrorToGitHub(
  github: Pick<GitHubClient, "createComment" | "updateComment" | "createDeploymentStatus" | "addReaction">,
  record: JobRecord,
  progress: MirrorProgress,
  now: number,
  logUrl?: string,
): Promise<void> {
  const { view, targets, marks, version } = record;
  const repo = { owner: targets.owner, repo: targets.repo };
  if (targets.pullRequest !== undefined && Number(marks.commentVersion ?? 0) < version) {
    const body = renderStatusComment(view, now, logUrl);
    const commentId = marks.commentId;
    if (commentId === undefined) {
      const id = await github.createComment(repo, targets.pullRequest, body);
      await progress.mark("commentId", id);
    } else {
      await github.updateComment(repo, Number(commentId), body);
    }
    await progress.mark("commentVersion", version);
  }
  if (targets.deploymentId !== undefined) {
    const state = deploymentStateOf(view.state);
    if (marks.deploymentState !== state) {
      await github.createDeploymentStatus(repo, targets.deploymentId, {
        state,
        // GitHub keeps 140 characters of one line; the status comment has the whole story.
        description:
          view.problem?.split("\n")[0] ?? `${view.environment}: ${view.state.replaceAll("_", " ")}`,
        environmentUrl: view.environmentUrl,
        logUrl,
      });
      await progress.mark("deploymentState", state);
    }
  }
  if (isFinal(view.state) && targets.commentId !== undefined && marks.finalReaction === undefined) {
    const reaction = view.state === "succeeded" ? "rocket" : "confused";
    await github.addReaction(repo, targets.commentId, reaction);
    await progress.mark("finalReaction", reaction);
  }
}
