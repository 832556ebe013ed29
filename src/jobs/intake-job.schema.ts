import { z } from "zod";
import { repositorySchema } from "./repository.schema.ts";

/**
 * A pull-request comment that holds commands, recorded before GitHub gets its 2xx.
 * Only the command lines are kept; everything that needs GitHub happens when it is processed.
 */
export const intakeJobSchema = z.object({
  v: z.literal(1),
  kind: z.literal("github-comment"),
  deliveryId: z.string(),
  installationId: z.number().int(),
  repository: repositorySchema,
  pullRequest: z.number().int().positive(),
  commentId: z.number().int(),
  sender: z.object({ login: z.string(), id: z.number().int() }),
  lines: z.array(z.object({ line: z.number().int(), text: z.string().max(2_000) })).max(11),
  receivedAt: z.number(),
});
export type IntakeJob = z.infer<typeof intakeJobSchema>;

/** One intake job per comment: a redelivery, or the same comment delivered twice, finds the job already there. */
export function intakeJobId(commentId: number): string {
  return `comment-${commentId}`;
}
