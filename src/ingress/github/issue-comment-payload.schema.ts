import { z } from "zod";

const account = z.object({ login: z.string(), id: z.number().int(), type: z.string() });

/** The part of an `issue_comment` delivery Shipmate reads; anything else in the payload is ignored. */
export const issueCommentPayloadSchema = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int() }).optional(),
  issue: z.object({ number: z.number().int().positive(), pull_request: z.object({}).loose().optional() }),
  comment: z.object({ id: z.number().int(), body: z.string().nullable(), user: account.nullable() }),
  repository: z.object({
    id: z.number().int(),
    name: z.string(),
    owner: z.object({ login: z.string() }),
    default_branch: z.string(),
    clone_url: z.string(),
    html_url: z.string(),
  }),
  sender: account,
});
export type IssueCommentPayload = z.infer<typeof issueCommentPayloadSchema>;
