import { z } from "zod";
import { TASK_KINDS } from "./job-view.ts";
import { repositorySchema } from "./repository.schema.ts";

const taskCommandSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("shell"), script: z.string().min(1) }),
  z.object({ kind: z.literal("argv"), argv: z.array(z.string()).min(1) }),
]);

/**
 * A task accepted and authorized: the commit is pinned and the command comes from the
 * default branch's config as it was when the command was accepted. No tokens, ever.
 */
export const taskJobSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  task: z.enum(TASK_KINDS),
  installationId: z.number().int(),
  repository: repositorySchema,
  environment: z.string(),
  environmentUrl: z.string().optional(),
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  ref: z.string(),
  /** Whether `sha` was the pull request's head (then a later push means the head moved) or a named ref. */
  pinnedFrom: z.enum(["pull-request", "ref"]),
  pullRequest: z.number().int().optional(),
  actor: z.string(),
  params: z.record(z.string(), z.string()),
  dryRun: z.boolean(),
  definition: z.object({ command: taskCommandSchema, timeoutMs: z.number().int().positive() }),
  deploymentId: z.number().int().optional(),
  requestedAt: z.number(),
});
export type TaskJob = z.infer<typeof taskJobSchema>;

/** Deterministic, so a retried intake never queues the same command twice (BullMQ ids may not hold ':'). */
export function taskJobId(commentId: number, line: number): string {
  return `task-${commentId}-${line}`;
}
