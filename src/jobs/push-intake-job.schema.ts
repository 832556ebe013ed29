import { z } from "zod";
import { repositorySchema } from "./repository.schema.ts";

const sha = z.string().regex(/^[0-9a-f]{40}$/);

const common = {
  v: z.literal(1),
  /** The webhook delivery, made safe for ids: job and check ids are built from it. */
  deliveryId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  installationId: z.number().int(),
  repository: repositorySchema,
  /** The GitHub login that pushed, asked for the re-run, or closed the pull request. */
  sender: z.string(),
  receivedAt: z.number(),
};

/** A push to a branch: its checks run on `after`, and it may be auto-deployed once they pass. */
export const pushJobSchema = z.object({
  ...common,
  kind: z.literal("push"),
  branch: z.string().min(1),
  /** All zeros for a new branch. */
  before: z.string(),
  after: sha,
  /** Whether a commit listed in the payload adds, changes or removes `.github/shipmate.yml`. */
  configListed: z.boolean(),
  /** False when the payload may not list every pushed commit (a new branch, or a very large push). */
  commitsComplete: z.boolean(),
});
export type PushJob = z.infer<typeof pushJobSchema>;

/** "Re-run" pressed in GitHub: one check run again (`checkName`), or every check of the commit. */
export const checkRerunJobSchema = z.object({
  ...common,
  kind: z.literal("check-rerun"),
  sha,
  /** The branch the commit was pushed to, when GitHub says. */
  branch: z.string().optional(),
  checkName: z.string().optional(),
});
export type CheckRerunJob = z.infer<typeof checkRerunJobSchema>;

/** A pull request closed or merged: its waiting jobs are withdrawn and its transient environments torn down. */
export const closedPullRequestJobSchema = z.object({
  ...common,
  kind: z.literal("pull-request-closed"),
  pullRequest: z.number().int().positive(),
  merged: z.boolean(),
  headSha: z.string(),
  headRef: z.string(),
});
export type ClosedPullRequestJob = z.infer<typeof closedPullRequestJobSchema>;

/** The intake queue's job names for these events (PR comments and Slack use their own). */
export const PUSH_INTAKE = {
  push: "push",
  checkRerun: "check-rerun",
  pullRequestClosed: "pull-request-closed",
} as const;

/** One intake job per delivery: a redelivery finds the job already there. */
export function pushIntakeJobId(
  kind: "push" | "check-rerun" | "pull-request-closed",
  deliveryId: string,
): string {
  return `${kind}-${deliveryId}`;
}

/** A delivery id as ids may hold it (BullMQ ids may not hold ':'). */
export function safeDeliveryId(deliveryId: string): string {
  return deliveryId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80) || "delivery";
}
