import { z } from "zod";

/** The repository facts a job needs, taken from the signed webhook payload. */
export const repositorySchema = z.object({
  id: z.number().int(),
  owner: z.string().min(1),
  name: z.string().min(1),
  defaultBranch: z.string().min(1),
  cloneUrl: z.string().min(1),
  htmlUrl: z.string().min(1),
});
export type Repository = z.infer<typeof repositorySchema>;

/** The repository as holds and audit events name it. */
export function repositoryKey(repository: Repository): { id: number; fullName: string } {
  return { id: repository.id, fullName: `${repository.owner}/${repository.name}` };
}
