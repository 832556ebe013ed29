import { inlineCode, shortSha } from "../reporting/render/markdown.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/**
 * Cancels the check jobs of an older push that have not started: a newer commit on the branch makes
 * their answer moot. Running ones finish, since stopping them saves little and loses a result.
 */
export async function cancelWaitingChecks(
  deps: Pick<IntakeDeps, "records" | "tasks" | "requestReport" | "now">,
  jobIds: readonly string[],
  newer: { sha: string; branch: string; actor: string },
): Promise<string[]> {
  const cancelled: string[] = [];
  for (const id of jobIds) {
    const version = await deps.records.transition(id, ["queued"], {
      state: "cancelled",
      cancelledBy: newer.actor,
      finishedAt: deps.now(),
      problem: `Superseded before it started: ${inlineCode(newer.branch)} moved on to ${inlineCode(shortSha(newer.sha))}.`,
    });
    if (version === 0) continue;
    // A worker holding it this instant cannot have it removed; it finds the job cancelled and stops.
    await (await deps.tasks.getJob(id))?.remove().catch(() => undefined);
    await deps.requestReport(id, version, "now");
    cancelled.push(id);
  }
  return cancelled;
}
