import type { EnvironmentConfig } from "../../../src/config/repo-config.ts";
import type { PullRequestFacts } from "../../../src/github/github-client.ts";
import type { DeployFacts } from "../../../src/policy/authorize-deploy.ts";
import type { GateFacts } from "../../../src/policy/gates/gate-facts.ts";
import {
  ACCESS,
  type Check,
  DEFAULT_BRANCH,
  type DeployAsk,
  type Permission,
  type PullRequestShape,
  type Requirement,
  type Review,
} from "./authz-oracle.ts";

/**
 * Every combination, for the pure policy level: each environment requirement the YAML can state, crossed
 * with each person and each state of the pull request those requirements look at.
 */

const HEAD = "a".repeat(40);
const EARLIER = "b".repeat(40);

const PERMISSIONS: readonly (Permission | undefined)[] = [
  undefined,
  "read",
  "triage",
  "write",
  "maintain",
  "admin",
];
const ALLOWLISTS: readonly Pick<Requirement, "users" | "teams">[] = [
  {},
  { users: ["erin"] },
  { teams: ["@acme/deployers"] },
  { users: ["erin"], teams: ["@acme/deployers"] },
];
const APPROVALS = [undefined, 1] as const;
const CHECKS: readonly Requirement["checks"][] = [undefined, true, ["build"]];
const BRANCHES: readonly Requirement["branches"][] = [undefined, ["release/1.x"]];
const FORKS = [undefined, true] as const;

/** Each requirement the matrix crosses (`approvers` decides no refusal: its own matrix is the approver's). */
export function* requirements(): Generator<{ name: string; requirement: Requirement }> {
  for (const permission of PERMISSIONS)
    for (const [list, allowlist] of ALLOWLISTS.entries())
      for (const approvals of APPROVALS)
        for (const [c, checks] of CHECKS.entries())
          for (const branches of BRANCHES)
            for (const allowForks of FORKS) {
              const requirement: Requirement = {
                ...(permission && { permission }),
                ...allowlist,
                ...(approvals && { approvals }),
                ...(checks !== undefined && { checks }),
                ...(branches && { branches }),
                ...(allowForks && { allowForks }),
              };
              const name = [
                permission ?? "default",
                `list${list}`,
                `approvals${approvals ?? 0}`,
                `checks${c}`,
                branches ? "branches" : "main",
                allowForks ? "forks" : "own",
              ].join("-");
              yield { name, requirement };
            }
}

const PERSONS: readonly { login: string; teams: readonly string[] }[] = [
  { login: "erin", teams: [] },
  { login: "frank", teams: ["@acme/deployers"] },
  { login: "wendy", teams: [] },
];
const REVIEWS: readonly (readonly Review[])[] = [
  [],
  [{ login: "bob", state: "APPROVED", onHead: true }],
  // The requester's own approval, and another's of an earlier commit: neither counts.
  [
    { login: "REQUESTER", state: "APPROVED", onHead: true },
    { login: "bob", state: "APPROVED", onHead: false },
  ],
  [
    { login: "bob", state: "APPROVED", onHead: true },
    { login: "carol", state: "CHANGES_REQUESTED", onHead: true },
  ],
];
const CHECK_STATES: readonly (readonly Check[])[] = [
  [{ name: "build", outcome: "green" }],
  [
    { name: "build", outcome: "red" },
    { name: "Lint", outcome: "running" },
  ],
  [{ name: "lint", outcome: "green" }],
];
// A fork into a listed base shows the fork rule alone wherever `branches` lists that base.
const SHAPES: readonly Pick<PullRequestShape, "base" | "origin">[] = [
  { base: DEFAULT_BRANCH, origin: "same" },
  { base: DEFAULT_BRANCH, origin: "deleted" },
  { base: "release/1.x", origin: "fork" },
  { base: "develop", origin: "same" },
];

/** Each person and pull request the matrix asks with: access × how they are listed × what GitHub says of the PR. */
export function* asks(): Generator<DeployAsk> {
  for (const access of ACCESS)
    for (const { login, teams } of PERSONS)
      for (const reviews of REVIEWS)
        for (const checks of CHECK_STATES)
          for (const shape of SHAPES)
            for (const dryRun of [false, true]) {
              const named = reviews.map((r) => (r.login === "REQUESTER" ? { ...r, login } : r));
              const pr: PullRequestShape = { ...shape, reviews: named, checks };
              yield { requester: { login, access, teams }, pr, dryRun };
            }
}

/** The ask in the shapes Shipmate's policy takes, for any environment: what it would have read from GitHub. */
export function policyInputs(ask: DeployAsk): (environment: EnvironmentConfig) => [DeployFacts, GateFacts] {
  const { pr, requester } = ask;
  const pullRequest: PullRequestFacts = {
    number: 7,
    state: "open",
    merged: false,
    headSha: HEAD,
    headRef: "feature/x",
    baseRef: pr.base,
    headRepoFullName: { same: "acme/shop", fork: "evil/shop", deleted: undefined }[pr.origin],
    baseRepoFullName: "acme/shop",
  };
  const gates: GateFacts = {
    requester: requester.login,
    role: requester.access,
    requesterTeams: requester.teams,
    sha: HEAD,
    pullRequest: { number: 7, baseRef: pr.base },
    defaultBranch: DEFAULT_BRANCH,
    reviews: pr.reviews.map((review, index) => ({
      login: review.login,
      state: review.state,
      commitId: review.onHead ? HEAD : EARLIER,
      submittedAt: index,
    })),
    checks: {
      runs: pr.checks.map((check) => ({
        name: check.name,
        status: check.outcome === "running" ? "in_progress" : "completed",
        conclusion: { green: "success", red: "failure", running: null }[check.outcome],
      })),
      statuses: [],
    },
    approver: undefined,
    dryRun: ask.dryRun,
  };
  return (environment) => [{ environment, pullRequest, deploysRef: false, refIsSha: false }, gates];
}
