import type { Queue } from "bullmq";
import { z } from "zod";
import { CONFIG_PATH } from "../../config/parse-repo-config.ts";
import type { RepoConfigCache } from "../../config/repo-config-cache.ts";
import {
  PUSH_INTAKE,
  type PushJob,
  pushIntakeJobId,
  safeDeliveryId,
} from "../../jobs/push-intake-job.schema.ts";
import type { IngressOutcome } from "./on-issue-comment.ts";
import { installationSchema, repositoryOf, repositoryPayloadSchema } from "./repository-payload.schema.ts";

const files = z.array(z.string()).optional();

const pushSchema = z.object({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  deleted: z.boolean().optional(),
  forced: z.boolean().optional(),
  commits: z.array(z.object({ added: files, removed: files, modified: files })).nullish(),
  repository: repositoryPayloadSchema,
  installation: installationSchema.optional(),
  sender: z.object({ login: z.string() }),
});

// GitHub lists at most this many commits in a push delivery.
const MAX_LISTED_COMMITS = 2048;
const NO_COMMIT = /^0{40}$/;
const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * A push: a push to the default branch may change `.github/shipmate.yml`, so the cached copy is
 * forgotten; a push to any branch is recorded for its checks and auto-deploys. Nothing calls GitHub here.
 */
export async function onPush(
  deps: { configCache: RepoConfigCache; intake: Queue },
  deliveryId: string,
  payload: unknown,
): Promise<IngressOutcome> {
  const parsed = pushSchema.safeParse(payload);
  if (!parsed.success) return "ignored";
  const p = parsed.data;
  const toDefault = p.ref === `refs/heads/${p.repository.default_branch}`;
  if (toDefault) await deps.configCache.invalidate(p.repository.id);
  const branch = p.ref.startsWith("refs/heads/") ? p.ref.slice("refs/heads/".length) : undefined;
  // Tags and deleted branches have nothing to check; without an installation nothing can be reported.
  if (branch === undefined || p.deleted === true || !FULL_SHA.test(p.after) || !p.installation) {
    return toDefault ? "recorded" : "ignored";
  }
  const commits = p.commits ?? [];
  const safeId = safeDeliveryId(deliveryId);
  const job: PushJob = {
    v: 1,
    kind: "push",
    deliveryId: safeId,
    installationId: p.installation.id,
    repository: repositoryOf(p.repository),
    sender: p.sender.login,
    receivedAt: Date.now(),
    branch,
    before: p.before,
    after: p.after,
    configListed: commits.some((commit) =>
      [commit.added, commit.modified, commit.removed].some((list) => list?.includes(CONFIG_PATH)),
    ),
    // A force push lists only the new commits: one it dropped may have changed the file.
    commitsComplete: !NO_COMMIT.test(p.before) && p.forced !== true && commits.length < MAX_LISTED_COMMITS,
  };
  await deps.intake.add(PUSH_INTAKE.push, job, { jobId: pushIntakeJobId("push", safeId) });
  return "recorded";
}
