import { z } from "zod";
import type { EnvironmentHolds } from "../../locks/environment-holds.ts";

const closedSchema = z.object({
  pull_request: z.object({ number: z.number().int(), merged: z.boolean().nullish() }),
  repository: z.object({ id: z.number().int(), full_name: z.string() }),
});

/** A merged or closed pull request gives up every environment it held, so no lock outlives its reason. */
export async function onPullRequestClosed(
  deps: { holds: EnvironmentHolds },
  payload: unknown,
): Promise<boolean> {
  const p = closedSchema.safeParse(payload);
  if (!p.success) return false;
  const repo = { id: p.data.repository.id, fullName: p.data.repository.full_name };
  const why = p.data.pull_request.merged === true ? "merged" : "closed";
  await deps.holds.releaseForPullRequest(repo, p.data.pull_request.number, why);
  return true;
}
