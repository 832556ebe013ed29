import type { CommitChecks, ReviewFacts } from "../../github/github-client.ts";
import type { Access } from "../../shared/roles.ts";

/** What an environment's gates look at, read from GitHub once per decision. */
export interface GateFacts {
  requester: string;
  role: Access;
  /** The `@org/team` entries of `require.teams` the requester belongs to (only those asked about). */
  requesterTeams: readonly string[];
  /** The pinned commit: the one that would run. */
  sha: string;
  /** The pull request whose head is deployed; undefined for `/deploy <ref> to <env>` and rollbacks. */
  pullRequest: { number: number; baseRef: string } | undefined;
  defaultBranch: string;
  /** The pull request's reviews, oldest first; undefined when not read (no approvals needed, a dry run, no pull request). */
  reviews: readonly ReviewFacts[] | undefined;
  /** Check runs and statuses on `sha`; undefined when not read (no `checks` gate, or a dry run). */
  checks: CommitChecks | undefined;
  /** Someone about to approve the job, with the `@org/team` entries of `approvers` they belong to. */
  approver: { login: string; teams: readonly string[] } | undefined;
  dryRun: boolean;
}
