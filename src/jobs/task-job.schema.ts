import { z } from "zod";
import { ROLES } from "../shared/roles.ts";
import { TASK_KINDS } from "./job-view.ts";
import { repositorySchema } from "./repository.schema.ts";

const taskCommandSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("shell"), script: z.string().min(1) }),
  z.object({ kind: z.literal("argv"), argv: z.array(z.string()).min(1) }),
  z.object({
    kind: z.literal("workflow"),
    file: z.string().min(1),
    ref: z.string().min(1).optional(),
    inputs: z.record(z.string(), z.string()),
  }),
  z.object({
    kind: z.literal("webhook"),
    url: z.string().min(1),
    /** The name of the server variable holding the signing secret: never the secret itself. */
    secretEnv: z.string().min(1).optional(),
    statusUrl: z.string().min(1).optional(),
    cancelUrl: z.string().min(1).optional(),
    pollIntervalMs: z.number().int().positive(),
    retries: z.number().int().min(0),
  }),
]);

/** Files a task leaves for a later job (`collect`, paths relative to the workspace) or gets from an earlier one. */
export const taskFilesSchema = z.object({
  collect: z.array(z.string().min(1)).optional(),
  /** The id of the job whose collected files are written into this job's workspace before it runs. */
  restoreFrom: z.string().min(1).optional(),
});
export type TaskFiles = z.infer<typeof taskFilesSchema>;

/** The environment's `require` block as it was when the command was accepted: checked again when the job leaves the line. */
export const taskGatesSchema = z.object({
  permission: z.enum(ROLES),
  approvals: z.number().int().min(0),
  checks: z.object({ named: z.array(z.string()) }).optional(),
  approvers: z.array(z.string()),
  teams: z.array(z.string()),
  users: z.array(z.string()),
  branches: z.array(z.string()),
  approvalTtlMs: z.number().int().positive(),
});
export type TaskGates = z.infer<typeof taskGatesSchema>;

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
  /** Absent on jobs queued before gates existed: those are not checked again. */
  gates: taskGatesSchema.optional(),
  /** Whether the job waits its turn in the environment's line (the environment's `lock`, and not a dry run). */
  serialized: z.boolean().default(false),
  rollback: z.object({ fromSha: z.string() }).optional(),
  files: taskFilesSchema.optional(),
});
export type TaskJob = z.infer<typeof taskJobSchema>;

/** Deterministic, so a retried intake never queues the same command twice (BullMQ ids may not hold ':'). */
export function taskJobId(idBase: string, line: number): string {
  return `task-${idBase}-${line}`;
}
