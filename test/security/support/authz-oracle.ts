/**
 * Who may do what, written down a second time as a plain table of rules read from docs/configuration.md,
 * docs/commands.md and docs/slack.md, apart from Shipmate's policy code: the matrix holds Shipmate to it.
 */

/** What GitHub reports for a person on the repository, weakest first; `none` is someone with no access. */
export const ACCESS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type Access = (typeof ACCESS)[number];
export type Permission = Exclude<Access, "none">;

const RANK: Record<Access, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** The default branch of every repository in the matrix. */
export const DEFAULT_BRANCH = "main";

/** An environment's rules, as the YAML states them (absent keys take their documented defaults). */
export interface Requirement {
  permission?: Permission;
  users?: readonly string[];
  teams?: readonly string[];
  approvals?: number;
  checks?: true | readonly string[];
  branches?: readonly string[];
  approvers?: readonly string[];
  allowForks?: boolean;
  slack?: { allowedChannels?: readonly string[]; allowedUsers?: readonly string[] };
}

/** A person as GitHub knows them: their access, and the `@org/team` entries they are active members of. */
export interface Person {
  login: string;
  access: Access;
  teams: readonly string[];
}

/** A review's state, on the head the deploy would pin or on an earlier commit. */
export interface Review {
  login: string;
  state: "APPROVED" | "CHANGES_REQUESTED";
  onHead: boolean;
}

export interface Check {
  name: string;
  outcome: "green" | "red" | "running";
}

/** Where a pull request comes from and what GitHub says about its head. */
export interface PullRequestShape {
  base: string;
  origin: "same" | "fork" | "deleted";
  reviews: readonly Review[];
  checks: readonly Check[];
}

export interface DeployAsk {
  requester: Person;
  pr: PullRequestShape;
  dryRun: boolean;
}

/** Where a Slack request comes from, and whether its user is linked to a GitHub login. */
export interface SlackPlace {
  channelId: string;
  channelName: string;
  userId: string;
  linked: boolean;
}

export type Expected =
  | { kind: "refused"; codes: readonly string[] }
  | { kind: "queued" }
  | { kind: "awaiting-approval" };

interface Rule {
  code: string;
  /** Approvals and checks protect what a real run changes: a dry run is not held to them. */
  realRunsOnly: boolean;
  unmet: (requirement: Requirement, ask: DeployAsk) => boolean;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** True when `person` is named among `entries` or is in one of the `@org/team` entries. */
function listed(entries: readonly string[], person: Pick<Person, "login" | "teams">): boolean {
  return entries.some((entry) => same(entry, person.login) || person.teams.some((team) => same(team, entry)));
}

const RULES: readonly Rule[] = [
  {
    code: "insufficient-permission",
    realRunsOnly: false,
    unmet: (r, a) => RANK[a.requester.access] < RANK[r.permission ?? "write"],
  },
  {
    code: "not-in-allowlist",
    realRunsOnly: false,
    unmet: (r, a) => {
      const entries = [...(r.users ?? []), ...(r.teams ?? [])];
      return entries.length > 0 && !listed(entries, a.requester);
    },
  },
  {
    code: "base-branch-not-allowed",
    realRunsOnly: false,
    unmet: (r, a) => a.pr.base !== DEFAULT_BRANCH && !(r.branches ?? []).includes(a.pr.base),
  },
  {
    // A deleted fork is refused even where forks are allowed.
    code: "fork-not-allowed",
    realRunsOnly: false,
    unmet: (r, a) => a.pr.origin === "deleted" || (a.pr.origin === "fork" && r.allowForks !== true),
  },
  {
    code: "changes-requested",
    realRunsOnly: true,
    unmet: (r, a) =>
      (r.approvals ?? 0) > 0 && a.pr.reviews.some((review) => review.state === "CHANGES_REQUESTED"),
  },
  {
    code: "approvals-missing",
    realRunsOnly: true,
    unmet: (r, a) => {
      const counted = a.pr.reviews.filter(
        (review) => review.state === "APPROVED" && review.onHead && !same(review.login, a.requester.login),
      );
      return counted.length < (r.approvals ?? 0);
    },
  },
  {
    code: "checks-failing",
    realRunsOnly: true,
    unmet: (r, a) => r.checks !== undefined && a.pr.checks.some((check) => check.outcome === "red"),
  },
  {
    code: "checks-pending",
    realRunsOnly: true,
    unmet: (r, a) => r.checks !== undefined && a.pr.checks.some((check) => check.outcome === "running"),
  },
  {
    code: "checks-missing",
    realRunsOnly: true,
    unmet: (r, a) =>
      Array.isArray(r.checks) &&
      r.checks.some((name) => !a.pr.checks.some((check) => same(check.name, name))),
  },
];

/** What `/deploy` of the pull request should come to: every unmet rule, or a job (waiting for an approver). */
export function expectedDeploy(requirement: Requirement, ask: DeployAsk): Expected {
  const codes = RULES.filter((rule) => !(rule.realRunsOnly && ask.dryRun))
    .filter((rule) => rule.unmet(requirement, ask))
    .map((rule) => rule.code);
  if (codes.length > 0) return { kind: "refused", codes };
  const waits = (requirement.approvers ?? []).length > 0 && !ask.dryRun;
  return waits ? { kind: "awaiting-approval" } : { kind: "queued" };
}

/** The Slack-only limits of an environment a request from `place` fails: its channel, its user. */
export function slackLimitCodes(requirement: Requirement, place: SlackPlace): string[] {
  const channels = requirement.slack?.allowedChannels ?? [];
  const users = requirement.slack?.allowedUsers ?? [];
  const codes: string[] = [];
  if (
    channels.length > 0 &&
    !channels.includes(place.channelId) &&
    !channels.includes(`#${place.channelName}`)
  )
    codes.push("slack-channel");
  if (users.length > 0 && !users.includes(place.userId)) codes.push("slack-user");
  return codes;
}

/** `/approve` or Approve (and `/reject` or Reject): a listed approver who did not ask for the job. */
export function expectedAnswer(requirement: Requirement, requester: string, answerer: Person): Expected {
  if (same(requester, answerer.login)) return { kind: "refused", codes: ["self-approval"] };
  if (!listed(requirement.approvers ?? [], answerer)) return { kind: "refused", codes: ["not-an-approver"] };
  return { kind: "queued" };
}

/** `/cancel` or Cancel: the requester, or anyone whose access would let them deploy there. */
export function expectedCancel(requirement: Requirement, requester: string, canceller: Person): Expected {
  if (same(requester, canceller.login)) return { kind: "queued" };
  if (RANK[canceller.access] >= RANK[requirement.permission ?? "write"]) return { kind: "queued" };
  return { kind: "refused", codes: ["insufficient-permission"] };
}

/**
 * The same request from Slack (a command or a button): someone not linked to a GitHub login is refused
 * before anything else, then the environment's Slack limits apply, then every rule above.
 */
export function fromSlack(expected: Expected, requirement: Requirement, place: SlackPlace): Expected {
  if (!place.linked) return { kind: "refused", codes: ["unlinked"] };
  const codes = slackLimitCodes(requirement, place);
  return codes.length > 0 ? { kind: "refused", codes } : expected;
}
