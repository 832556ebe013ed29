import { z } from "zod";
import type { Repository } from "../../jobs/repository.schema.ts";

/** The repository as every webhook payload describes it, with what a job needs of it. */
export const repositoryPayloadSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  owner: z.object({ login: z.string() }),
  default_branch: z.string(),
  clone_url: z.string(),
  html_url: z.string(),
});
export type RepositoryPayload = z.infer<typeof repositoryPayloadSchema>;

/** The repository facts a job carries, from a payload's `repository`. */
export function repositoryOf(p: RepositoryPayload): Repository {
  return {
    id: p.id,
    owner: p.owner.login,
    name: p.name,
    defaultBranch: p.default_branch,
    cloneUrl: p.clone_url,
    htmlUrl: p.html_url,
  };
}

/** `installation.id`, present on every delivery to an installed App. */
export const installationSchema = z.object({ id: z.number().int() });
