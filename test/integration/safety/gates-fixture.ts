import type { FakeGitHub, FakePullRequest } from "../../support/fake-github.ts";
import type { LocalRepo } from "../../support/git-repo.ts";

// Every task appends one line naming where it ran, what it was asked for and what was checked out, so a
// test can tell whether it ran, how often and on which commit. `guarded` first says it started, then
// holds its environment until the test creates `go-<pr>`.
const RUN = `'echo "$SHIPMATE_ENVIRONMENT pr=$SHIPMATE_PR sha=$SHIPMATE_SHA head=$(git rev-parse HEAD) dry=$SHIPMATE_DRY_RUN" >> "$TEST_GATES_OUT/runs"'`;
const HOLD = `'echo "$SHIPMATE_ENVIRONMENT pr=$SHIPMATE_PR started" >> "$TEST_GATES_OUT/runs"; while [ ! -e "$TEST_GATES_OUT/go-$SHIPMATE_PR" ]; do sleep 0.05; done; echo "$SHIPMATE_ENVIRONMENT pr=$SHIPMATE_PR sha=$SHIPMATE_SHA head=$(git rev-parse HEAD) dry=$SHIPMATE_DRY_RUN" >> "$TEST_GATES_OUT/runs"'`;

/** One environment per gate, so that each test reads as the rule it shows. */
export const GATES_CONFIG = `environments:
  production:
    deploy: &run ${RUN}
    require:
      approvers: [carol, "@acme/release"]
      approvals: 1
      checks: [build]
  expiring:
    deploy: *run
    require:
      approvers: [carol]
      approval_ttl: 10s
  reviewed:
    deploy: *run
    require:
      approvals: 1
  checked:
    deploy: *run
    require:
      checks: [build]
  allowlisted:
    deploy: *run
    require:
      users: [erin]
      teams: ["@acme/deployers"]
  branchy:
    deploy: *run
    require:
      branches: [release/1.x]
  guarded:
    deploy: { run: ${HOLD}, timeout: 30s }
    require:
      approvers: [carol]
      checks: [build]
`;

/** Pull requests by what they are used for; each has a head commit of its own, so checks never mix. */
export const PR = {
  approved: 11,
  rejected: 12,
  pushed: 13,
  dryRun: 14,
  lapsing: 15,
  reviews: 20,
  checks: 21,
  allowlist: 22,
  intoDevelop: 23,
  intoRelease: 24,
  holder: 30,
  turnedRed: 31,
  movedInLine: 32,
} as const;

export interface SeededRepo {
  /** Head commit of each pull request above. */
  heads: Record<number, string>;
  /** A commit older than every head, for reviews of an earlier commit. */
  older: string;
  /** Commits the tests move heads to. */
  later: { pushed: string; movedInLine: string };
}

/** Commits a head for each pull request and seeds the fake GitHub with them, the people and the teams. */
export function seedGatesRepo(github: FakeGitHub, repo: LocalRepo): SeededRepo {
  const older = repo.commit({ VERSION: "older\n" }, "older");
  const heads: Record<number, string> = {};
  for (const number of Object.values(PR))
    heads[number] = repo.commit({ VERSION: `pr ${number}\n` }, `#${number}`);
  const later = {
    pushed: repo.commit({ VERSION: "pushed\n" }, "pushed"),
    movedInLine: repo.commit({ VERSION: "moved in line\n" }, "moved in line"),
  };
  const base: Partial<Record<number, string>> = {
    [PR.intoDevelop]: "develop",
    [PR.intoRelease]: "release/1.x",
  };
  const pulls: FakePullRequest[] = Object.values(PR).map((number) => ({
    number,
    headSha: heads[number] ?? "",
    headRef: `feature/${number}`,
    baseRef: base[number] ?? "main",
  }));
  const people = ["alice", "bob", "carol", "dave", "erin", "frank", "mallory"];
  github.addRepo({
    owner: "acme",
    name: "shop",
    config: GATES_CONFIG,
    roles: Object.fromEntries(people.map((login) => [login, "write"])),
    pulls,
    reviews: {},
    checkRuns: {},
    statuses: {},
  });
  // alice is an approver too, so that only the self-approval rule stops her approving her own job.
  github.addTeam("acme", "release", ["dave", "alice"]);
  github.addTeam("acme", "deployers", ["frank"]);
  return { heads, older, later };
}
