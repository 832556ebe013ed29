import { describe, expect, test } from "vitest";
import { parseRepoConfig } from "../../../src/config/parse-repo-config.ts";
import type { EnvironmentConfig, EnvironmentRequirements } from "../../../src/config/repo-config.ts";
import type { PullRequestFacts } from "../../../src/github/github-client.ts";
import { authorizeDeploy, type DeployFacts } from "../../../src/policy/authorize-deploy.ts";
import type { GateFacts } from "../../../src/policy/gates/gate-facts.ts";
import type { AuthzDecision, ReasonCode } from "../../../src/policy/reason-codes.ts";
import { ROLES, type Role } from "../../../src/shared/roles.ts";
import { environmentConfig } from "../../support/environment-fixture.ts";

const DEPLOY = { command: { kind: "shell", script: "./deploy.sh" }, timeoutMs: 60_000 } as const;

function environment(
  overrides: Partial<Omit<EnvironmentConfig, "require">> & {
    require?: Partial<EnvironmentRequirements>;
  } = {},
): EnvironmentConfig {
  return environmentConfig({ deploy: DEPLOY, ...overrides });
}

function pullRequest(overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  return {
    number: 7,
    state: "open",
    merged: false,
    headSha: "a".repeat(40),
    headRef: "feature/x",
    baseRef: "main",
    headRepoFullName: "acme/shop",
    baseRepoFullName: "acme/shop",
    ...overrides,
  };
}

/** What a deploy is decided on: the deploy's own facts, plus who asks and what the gates see. */
interface TestFacts extends DeployFacts {
  requester: string;
  role: Role;
  gates?: Partial<GateFacts>;
}

function facts(overrides: Partial<TestFacts> = {}): TestFacts {
  return {
    requester: "alice",
    role: "write",
    environment: environment(),
    pullRequest: pullRequest(),
    deploysRef: false,
    refIsSha: false,
    ...overrides,
  };
}

function authorize(input: TestFacts): AuthzDecision {
  const { requester, role, gates, ...deploy } = input;
  const pr = deploy.pullRequest ?? pullRequest();
  return authorizeDeploy(deploy, {
    requester,
    role,
    requesterTeams: [],
    sha: pr.headSha,
    pullRequest: deploy.deploysRef ? undefined : { number: pr.number, baseRef: pr.baseRef },
    defaultBranch: "main",
    reviews: [],
    checks: { runs: [], statuses: [] },
    approver: undefined,
    dryRun: false,
    ...gates,
  });
}

/** The reason codes of a decision, in order; `[]` when allowed. */
function codes(input: TestFacts): readonly ReasonCode[] {
  const decision = authorize(input);
  return decision.kind === "allow" ? [] : decision.reasons.map((r) => r.code);
}

function reasons(input: TestFacts) {
  const decision = authorize(input);
  if (decision.kind !== "deny") throw new Error("expected a denial");
  return decision.reasons;
}

describe("authorizeDeploy: the requester's role against the environment's permission", () => {
  const cases = ROLES.flatMap((role) =>
    ROLES.map((needed) => ({ role, needed, allowed: ROLES.indexOf(role) >= ROLES.indexOf(needed) })),
  );
  test.each(cases)(
    "$role deploying where $needed is needed → allowed: $allowed",
    ({ role, needed, allowed }) => {
      const input = facts({ role, environment: environment({ require: { permission: needed } }) });
      expect(authorize(input)).toEqual(
        allowed ? { kind: "allow" } : expect.objectContaining({ kind: "deny" }),
      );
      expect(codes(input)).toEqual(allowed ? [] : ["insufficient-permission"]);
    },
  );

  test("the refusal names the requester, the role held and the permission needed", () => {
    const [reason] = reasons(
      facts({
        requester: "mallory",
        role: "triage",
        environment: environment({ name: "production", require: { permission: "maintain" } }),
      }),
    );
    expect(reason?.message).toContain("@mallory");
    expect(reason?.message).toContain("`triage`");
    expect(reason?.message).toContain("**production**");
    expect(reason?.message).toContain("`maintain`");
    expect(reason?.fix).toContain("`maintain`");
  });

  test("the default requirement from the YAML is write: read and triage are refused", () => {
    const parsed = parseRepoConfig("environments:\n  staging:\n    deploy: ./deploy.sh\n");
    if (parsed.kind !== "valid") throw new Error("config should be valid");
    const env = parsed.config.environments[0];
    if (env === undefined) throw new Error("no environment");
    const allowed = ROLES.filter((role) => codes(facts({ role, environment: env })).length === 0);
    expect(allowed).toEqual(["write", "maintain", "admin"]);
  });
});

describe("authorizeDeploy: the pull request", () => {
  const cases: {
    name: string;
    pr: Partial<PullRequestFacts>;
    env?: Parameters<typeof environment>[0];
    expected: readonly ReasonCode[];
    says?: RegExp;
  }[] = [
    { name: "an open PR from the same repository", pr: {}, expected: [] },
    {
      name: "a PR from a fork",
      pr: { headRepoFullName: "evil/shop" },
      expected: ["fork-not-allowed"],
      says: /fork `evil\/shop`/,
    },
    {
      name: "a PR from a fork where allow_forks is set",
      pr: { headRepoFullName: "friend/shop" },
      env: { allowForks: true },
      expected: [],
    },
    {
      name: "a PR whose fork was deleted",
      pr: { headRepoFullName: undefined },
      expected: ["fork-not-allowed"],
      says: /fork has been deleted/,
    },
    {
      name: "a PR whose fork was deleted, even where allow_forks is set",
      pr: { headRepoFullName: undefined },
      env: { allowForks: true },
      expected: ["fork-not-allowed"],
    },
    {
      name: "a fork under an owner whose name starts like the base's",
      pr: { headRepoFullName: "acme-contrib/shop" },
      expected: ["fork-not-allowed"],
    },
    {
      name: "a closed PR",
      pr: { state: "closed", merged: false },
      expected: ["pull-request-closed"],
      says: /#7 is closed/,
    },
    {
      name: "a merged PR",
      pr: { state: "closed", merged: true },
      expected: ["pull-request-closed"],
      says: /#7 is merged/,
    },
    {
      name: "a closed PR from a deleted fork: both reasons",
      pr: { state: "closed", headRepoFullName: undefined },
      expected: ["pull-request-closed", "fork-not-allowed"],
    },
  ];
  test.each(cases)("$name", ({ pr, env, expected, says }) => {
    const input = facts({ pullRequest: pullRequest(pr), environment: environment(env) });
    expect(codes(input)).toEqual(expected);
    if (says)
      expect(
        reasons(input)
          .map((r) => r.message)
          .join("\n"),
      ).toMatch(says);
  });

  test("a closed PR's refusal suggests deploying its base branch instead", () => {
    const reason = reasons(facts({ pullRequest: pullRequest({ state: "closed", baseRef: "release" }) })).find(
      (r) => r.code === "pull-request-closed",
    );
    expect(reason?.fix).toContain("/deploy release to staging");
  });

  test("deploying a named ref does not look at the PR it was written on", () => {
    const closedFork = pullRequest({ state: "closed", merged: true, headRepoFullName: undefined });
    expect(codes(facts({ pullRequest: closedFork, deploysRef: true, refIsSha: false }))).toEqual([]);
  });
});

describe("authorizeDeploy: the environment", () => {
  test("an environment without a deploy task is refused", () => {
    const input = facts({ environment: environment({ name: "docs", deploy: undefined }) });
    expect(codes(input)).toEqual(["no-deploy-task"]);
    expect(reasons(input)[0]?.fix).toContain("environments.docs");
  });

  test("a require block with only a permission is satisfied by that permission", () => {
    const input = facts({
      role: "maintain",
      environment: environment({ require: { permission: "maintain" } }),
    });
    expect(authorize(input)).toEqual({ kind: "allow" });
  });
});

describe("authorizeDeploy: the environment's gates", () => {
  const SHA = "a".repeat(40);
  const cases: {
    name: string;
    require: Partial<EnvironmentRequirements>;
    gates?: Partial<GateFacts>;
    expected: readonly ReasonCode[];
  }[] = [
    { name: "approvals without reviews", require: { approvals: 1 }, expected: ["approvals-missing"] },
    {
      name: "approvals with a current approval",
      require: { approvals: 1 },
      gates: { reviews: [{ login: "bob", state: "APPROVED", commitId: SHA, submittedAt: 1 }] },
      expected: [],
    },
    {
      name: "checks with a failing run",
      require: { checks: { named: [] } },
      gates: { checks: { runs: [{ name: "ci", status: "completed", conclusion: "failure" }], statuses: [] } },
      expected: ["checks-failing"],
    },
    {
      name: "a user allowlist without the requester",
      require: { users: ["bob"] },
      expected: ["not-in-allowlist"],
    },
    { name: "a user allowlist with the requester", require: { users: ["alice"] }, expected: [] },
    {
      name: "a base branch that is not allowed",
      require: {},
      gates: { pullRequest: { number: 7, baseRef: "develop" } },
      expected: ["base-branch-not-allowed"],
    },
    {
      name: "approvals and checks in a dry run",
      require: { approvals: 2, checks: { named: ["e2e"] } },
      gates: { dryRun: true, reviews: undefined, checks: undefined },
      expected: [],
    },
  ];
  test.each(cases)("$name", ({ require, gates, expected }) => {
    const input = facts({
      environment: environment({ name: "production", require }),
      ...(gates ? { gates } : {}),
    });
    expect(codes(input)).toEqual(expected);
  });

  test("approvers do not refuse a deploy: the job waits for one instead", () => {
    const input = facts({ environment: environment({ require: { approvers: ["bob", "@acme/release"] } }) });
    expect(authorize(input)).toEqual({ kind: "allow" });
  });
});

describe("authorizeDeploy: deploys of a named ref", () => {
  const cases: {
    name: string;
    refIsSha: boolean;
    allowShaDeploys: boolean;
    expected: readonly ReasonCode[];
  }[] = [
    { name: "a branch or tag", refIsSha: false, allowShaDeploys: false, expected: [] },
    {
      name: "a bare SHA without allow_sha_deploys",
      refIsSha: true,
      allowShaDeploys: false,
      expected: ["sha-deploys-not-allowed"],
    },
    { name: "a bare SHA with allow_sha_deploys", refIsSha: true, allowShaDeploys: true, expected: [] },
  ];
  test.each(cases)("$name", ({ refIsSha, allowShaDeploys, expected }) => {
    const input = facts({ deploysRef: true, refIsSha, environment: environment({ allowShaDeploys }) });
    expect(codes(input)).toEqual(expected);
  });

  test("a bare SHA on a PR from a fork is refused for the SHA, whatever allow_forks says", () => {
    const input = facts({
      deploysRef: true,
      refIsSha: true,
      pullRequest: pullRequest({ headRepoFullName: "evil/shop" }),
      environment: environment({ allowForks: true }),
    });
    expect(codes(input)).toEqual(["sha-deploys-not-allowed"]);
  });
});

describe("authorizeDeploy: every unmet rule is named", () => {
  test("permission, gates, missing task, closed PR and fork all at once", () => {
    const input = facts({
      role: "read",
      environment: environment({ deploy: undefined, require: { permission: "admin", approvals: 1 } }),
      pullRequest: pullRequest({ state: "closed", headRepoFullName: "evil/shop" }),
    });
    expect(codes(input)).toEqual([
      "insufficient-permission",
      "approvals-missing",
      "no-deploy-task",
      "pull-request-closed",
      "fork-not-allowed",
    ]);
    for (const reason of reasons(input)) {
      expect(reason.message.length).toBeGreaterThan(0);
      expect(reason.fix.length).toBeGreaterThan(0);
    }
  });

  test("permission and a bare SHA at once", () => {
    const input = facts({ role: "triage", deploysRef: true, refIsSha: true });
    expect(codes(input)).toEqual(["insufficient-permission", "sha-deploys-not-allowed"]);
  });
});
