import { isFinal, type JobState } from "../../../src/jobs/job-view.ts";
import { type jobViews, until } from "../../integration/operate/operate-fixture.ts";
import type { FakeGitHub } from "../../support/fake-github.ts";

type JobViews = ReturnType<typeof jobViews>;

/** The status comment of task `taskId` (Shipmate marks it with the task's id), or undefined while there is none. */
export function statusCommentOf(github: FakeGitHub, taskId: string): string | undefined {
  return [...github.comments.values()].find((c) => c.body.startsWith(`<!-- shipmate:job:${taskId} -->`))
    ?.body;
}

/** The states of the Deployment Shipmate created for task `taskId`, oldest first ([] without one). */
export function deploymentStatesOf(github: FakeGitHub, taskId: string): string[] {
  const deployment = github
    .deploymentsOf("acme", "shop")
    .find((d) => (d.payload as { job?: string } | undefined)?.job === taskId);
  return deployment?.statuses.map((status) => status.state) ?? [];
}

/** Waits until every task has a final state; resolves with them, by task id. */
export async function finalStates(
  views: JobViews,
  ids: readonly string[],
  timeoutMs: number,
): Promise<Record<string, JobState>> {
  return until(
    async () => {
      const states = await Promise.all(ids.map(async (id) => (await views.load(id))?.state));
      if (!states.every((state) => state !== undefined && isFinal(state))) return undefined;
      return Object.fromEntries(ids.map((id, i) => [id, states[i] as JobState]));
    },
    timeoutMs,
    `${ids.length} jobs to end`,
  );
}
