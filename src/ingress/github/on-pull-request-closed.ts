import type { Queue } from "bullmq";
import { z } from "zod";
import {
  type ClosedPullRequestJob,
  PUSH_INTAKE,
  pushIntakeJobId,
  safeDeliveryId,
} from "../../jobs/push-intake-job.schema.ts";
import type { EnvironmentHolds } from "../../locks/environment-holds.ts";
import { installationSchema, repositoryOf, repositoryPayloadSchema } from "./repository-payload.schema.ts";

const closedSchema = z.object({
  pull_request: z.object({
    number: z.number().int(),
    merged: z.boolean().nullish(),
    head: z.object({ sha: z.string(), ref: z.string() }).optional(),
  }),
  repository: z.object({ id: z.number().int(), full_name: z.string() }),
});

const recordedSchema = z.object({
  repository: repositoryPayloadSchema,
  installation: installationSchema,
  sender: z.object({ login: z.string() }),
});

/**
 * A merged or closed pull request gives up every environment it held, so no lock outlives its reason;
 * the rest (withdrawing its waiting jobs, tearing down its transient environments) needs GitHub, so it
 * is recorded for the intake.
 */
export async function onPullRequestClosed(
  deps: { holds: EnvironmentHolds; intake: Queue },
  deliveryId: string,
  payload: unknown,
): Promise<boolean> {
  const p = closedSchema.safeParse(payload);
  if (!p.success) return false;
  const repo = { id: p.data.repository.id, fullName: p.data.repository.full_name };
  const pr = p.data.pull_request;
  const merged = pr.merged === true;
  await deps.holds.releaseForPullRequest(repo, pr.number, merged ? "merged" : "closed");
  const more = recordedSchema.safeParse(payload);
  if (!more.success || pr.number < 1) return true;
  const safeId = safeDeliveryId(deliveryId);
  const job: ClosedPullRequestJob = {
    v: 1,
    kind: "pull-request-closed",
    deliveryId: safeId,
    installationId: more.data.installation.id,
    repository: repositoryOf(more.data.repository),
    sender: more.data.sender.login,
    receivedAt: Date.now(),
    pullRequest: pr.number,
    merged,
    headSha: pr.head?.sha ?? "",
    headRef: pr.head?.ref ?? "",
  };
  await deps.intake.add(PUSH_INTAKE.pullRequestClosed, job, {
    jobId: pushIntakeJobId("pull-request-closed", safeId),
  });
  return true;
}
