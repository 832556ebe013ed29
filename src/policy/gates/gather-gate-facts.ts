import type { EnvironmentRequirements } from "../../config/repo-config.ts";
import type { GitHubClient, RepoCoords } from "../../github/github-client.ts";
import type { Access } from "../../shared/roles.ts";
import type { GateFacts } from "./gate-facts.ts";
import { listedByName, parseTeamEntry } from "./people.ts";

/** The GitHub reads the gates may need. */
export type GateReads = Pick<GitHubClient, "getRole" | "isTeamMember" | "listReviews" | "getCommitChecks">;

export interface GateFactsInput {
  repo: RepoCoords;
  requirements: EnvironmentRequirements;
  requester: string;
  /** The requester's role when the caller already read it; read here otherwise. */
  role?: Access | undefined;
  sha: string;
  /** The pull request whose head is deployed; undefined when a ref is deployed by name. */
  pullRequest: { number: number; baseRef: string } | undefined;
  defaultBranch: string;
  dryRun: boolean;
  /** Someone about to approve the job: their teams among `approvers` are read too. */
  approver?: string | undefined;
}

/** Reads, in parallel, exactly what the environment's gates will look at, and nothing they will not. */
export async function gatherGateFacts(github: GateReads, input: GateFactsInput): Promise<GateFacts> {
  const { repo, requirements, requester } = input;
  // Dry runs change nothing, so the gates that protect real changes are not evaluated: no need to read for them.
  const real = !input.dryRun;
  const pullRequest = input.pullRequest;
  const [role, requesterTeams, reviews, checks, approverTeams] = await Promise.all([
    input.role ?? github.getRole(repo, requester),
    listedByName(requirements.users, requester) ? [] : teamsAmong(github, requirements.teams, requester),
    real && requirements.approvals > 0 && pullRequest !== undefined
      ? github.listReviews(repo, pullRequest.number)
      : undefined,
    real && requirements.checks !== undefined ? github.getCommitChecks(repo, input.sha) : undefined,
    input.approver === undefined ? undefined : teamsAmong(github, requirements.approvers, input.approver),
  ]);
  return {
    requester,
    role,
    requesterTeams,
    sha: input.sha,
    pullRequest,
    defaultBranch: input.defaultBranch,
    reviews,
    checks,
    approver:
      input.approver === undefined ? undefined : { login: input.approver, teams: approverTeams ?? [] },
    dryRun: input.dryRun,
  };
}

/**
 * The `@org/team` entries that `login` is an active member of. None are read when `login` is
 * listed by name, since its teams could then change nothing.
 */
export async function teamsAmong(
  github: Pick<GitHubClient, "isTeamMember">,
  entries: readonly string[],
  login: string,
): Promise<string[]> {
  if (listedByName(entries, login)) return [];
  const teams = entries.flatMap((entry) => parseTeamEntry(entry) ?? []);
  const member = await Promise.all(teams.map((team) => github.isTeamMember(team.org, team.slug, login)));
  return teams.filter((_, index) => member[index]).map((team) => team.entry);
}
