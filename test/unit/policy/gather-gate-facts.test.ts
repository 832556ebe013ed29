import { describe, expect, test } from "vitest";
import type { EnvironmentRequirements } from "../../../src/config/repo-config.ts";
import type { CommitChecks, ReviewFacts } from "../../../src/github/github-client.ts";
import { type GateReads, gatherGateFacts, teamsAmong } from "../../../src/policy/gates/gather-gate-facts.ts";
import type { Role } from "../../../src/shared/roles.ts";
import { checks, requirements, review, run, SHA } from "./gate-fixtures.ts";

const REPO = { owner: "acme", repo: "shop" };

/** A client that answers from tables and records each call as `method arg…`. */
function recordingClient(
  tables: {
    role?: Role;
    members?: Record<string, string[]>;
    reviews?: ReviewFacts[];
    checks?: CommitChecks;
  } = {},
) {
  const calls: string[] = [];
  const client: GateReads = {
    async getRole(_repo, login) {
      calls.push(`getRole ${login}`);
      return tables.role ?? "write";
    },
    async isTeamMember(org, slug, login) {
      calls.push(`isTeamMember ${org}/${slug} ${login}`);
      return (tables.members?.[`${org}/${slug}`] ?? []).includes(login);
    },
    async listReviews(_repo, number) {
      calls.push(`listReviews ${number}`);
      return tables.reviews ?? [];
    },
    async getCommitChecks(_repo, sha) {
      calls.push(`getCommitChecks ${sha.slice(0, 6)}`);
      return tables.checks ?? checks();
    },
  };
  return { client, calls };
}

function input(
  require: Partial<EnvironmentRequirements>,
  overrides: Partial<Parameters<typeof gatherGateFacts>[1]> = {},
): Parameters<typeof gatherGateFacts>[1] {
  return {
    repo: REPO,
    requirements: requirements(require),
    requester: "alice",
    role: "write",
    sha: SHA,
    pullRequest: { number: 7, baseRef: "main" },
    defaultBranch: "main",
    dryRun: false,
    ...overrides,
  };
}

describe("gatherGateFacts: reads only what the gates need", () => {
  const cases: {
    name: string;
    require: Partial<EnvironmentRequirements>;
    overrides?: Partial<Parameters<typeof gatherGateFacts>[1]>;
    calls: string[];
  }[] = [
    { name: "no requirements and a known role: nothing", require: {}, calls: [] },
    {
      name: "the role when it is not known",
      require: {},
      overrides: { role: undefined },
      calls: ["getRole alice"],
    },
    { name: "approvals: the reviews", require: { approvals: 1 }, calls: ["listReviews 7"] },
    {
      name: "checks: the commit's checks",
      require: { checks: { named: [] } },
      calls: ["getCommitChecks c0ffee"],
    },
    {
      name: "approvals for a ref deployed by name: no pull request to read",
      require: { approvals: 1 },
      overrides: { pullRequest: undefined },
      calls: [],
    },
    {
      name: "a dry run reads neither reviews nor checks",
      require: { approvals: 2, checks: { named: ["e2e"] } },
      overrides: { dryRun: true },
      calls: [],
    },
    {
      name: "teams: one membership read per team entry, none for logins",
      require: { teams: ["@acme/ops", "carol", "@acme/release"] },
      calls: ["isTeamMember acme/ops alice", "isTeamMember acme/release alice"],
    },
    {
      name: "teams: none read when the requester is listed in users",
      require: { users: ["alice"], teams: ["@acme/ops"] },
      calls: [],
    },
    {
      name: "teams: none read when the requester is a login in teams",
      require: { teams: ["ALICE", "@acme/ops"] },
      calls: [],
    },
    {
      name: "approvers are not read for the requester",
      require: { approvers: ["@acme/release"] },
      calls: [],
    },
    {
      name: "approvers are read for an approver",
      require: { approvers: ["bob", "@acme/release"] },
      overrides: { approver: "carol" },
      calls: ["isTeamMember acme/release carol"],
    },
    {
      name: "an approver listed by login needs no team read",
      require: { approvers: ["carol", "@acme/release"] },
      overrides: { approver: "carol" },
      calls: [],
    },
    {
      name: "everything at once",
      require: { approvals: 1, checks: { named: [] }, teams: ["@acme/ops"] },
      overrides: { role: undefined },
      calls: ["getRole alice", "isTeamMember acme/ops alice", "listReviews 7", "getCommitChecks c0ffee"],
    },
  ];
  test.each(cases)("$name", async ({ require, overrides, calls: expected }) => {
    const { client, calls } = recordingClient();
    await gatherGateFacts(client, input(require, overrides));
    expect(calls.toSorted()).toEqual(expected.toSorted());
  });

  test("the facts carry what was read", async () => {
    const reviews = [review("bob", "APPROVED")];
    const found = checks([run("build", "completed", "success")]);
    const { client } = recordingClient({
      role: "maintain",
      members: { "acme/ops": ["alice"], "acme/release": ["carol"] },
      reviews,
      checks: found,
    });
    const facts = await gatherGateFacts(
      client,
      input(
        {
          approvals: 1,
          checks: { named: [] },
          teams: ["@acme/ops", "@acme/qa"],
          approvers: ["@acme/release"],
        },
        { role: undefined, approver: "carol" },
      ),
    );
    expect(facts).toEqual({
      requester: "alice",
      role: "maintain",
      requesterTeams: ["@acme/ops"],
      sha: SHA,
      pullRequest: { number: 7, baseRef: "main" },
      defaultBranch: "main",
      reviews,
      checks: found,
      approver: { login: "carol", teams: ["@acme/release"] },
      dryRun: false,
    });
  });

  test("what was not needed is undefined, not empty", async () => {
    const { client } = recordingClient();
    const facts = await gatherGateFacts(client, input({}));
    expect(facts.reviews).toBeUndefined();
    expect(facts.checks).toBeUndefined();
    expect(facts.approver).toBeUndefined();
  });

  test("the reads run in parallel", async () => {
    let inFlight = 0;
    let most = 0;
    const slow = async <T>(value: T): Promise<T> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return value;
    };
    const client: GateReads = {
      getRole: () => slow("write" as const),
      isTeamMember: () => slow(false),
      listReviews: () => slow([]),
      getCommitChecks: () => slow(checks()),
    };
    await gatherGateFacts(
      client,
      input({ approvals: 1, checks: { named: [] }, teams: ["@acme/a", "@acme/b"] }, { role: undefined }),
    );
    expect(most).toBe(5);
  });
});

describe("teamsAmong", () => {
  test("returns the team entries, as written, that the login is an active member of", async () => {
    const { client } = recordingClient({ members: { "Acme/Ops": ["bob"], "acme/qa": ["bob"] } });
    expect(await teamsAmong(client, ["@Acme/Ops", "@acme/dev", "@acme/qa", "carol"], "bob")).toEqual([
      "@Acme/Ops",
      "@acme/qa",
    ]);
  });
});
