import { describe, expect, test } from "vitest";
import type { ConfigResult } from "../../../src/config/parse-repo-config.ts";
import { parseRepoConfig } from "../../../src/config/parse-repo-config.ts";
import type { EnvironmentConfig, RepoConfig } from "../../../src/config/repo-config.ts";
import { environmentConfig, NO_REQUIREMENTS } from "../../support/environment-fixture.ts";

const MINUTES = 60_000;

/** The example from DESIGN.md, comments and all. */
const DESIGN_EXAMPLE = `environments:
  staging:
    deploy: ./scripts/deploy.sh           # a string runs with sh -c; a list runs as argv
    url: https://staging.example.com       # shown in reports and Deployment statuses
    auto_deploy: main                      # deploy every push to this branch
  production:
    deploy: { run: [./scripts/deploy.sh, production], timeout: 30m }
    require:
      permission: maintain                 # GitHub permission of the requester: read|triage|write|maintain|admin (default write)
      approvals: 1                         # approving PR reviews on the pinned commit
      checks: true                         # all check runs and statuses on the pinned commit green
      approvers: [alice, "@acme/release"]  # someone here must press Approve before it runs
    lock: true                             # one job at a time, others wait in order
tasks:
  migrate: { run: npm run migrate }        # /migrate <env>
  provision:                               # /provision <env> plan|apply
    plan: terraform plan -out=shipmate.tfplan
    apply: terraform apply shipmate.tfplan
checks:                                    # run on every push, each reported as a check run
  unit: npm test
slack:
  channel: "#deploys"                      # where GitHub-started jobs are also announced
  users: { U024BE7LH: alice }              # Slack user → GitHub login, for permissions
`;

function environment(name: string, overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return { ...environmentConfig({ name, ...overrides }), gated: overrides.gated ?? false };
}

function shell(script: string, timeoutMs = 30 * MINUTES) {
  return { command: { kind: "shell", script }, timeoutMs } as const;
}

function argv(args: string[], timeoutMs = 30 * MINUTES) {
  return { command: { kind: "argv", argv: args }, timeoutMs } as const;
}

function valid(result: ConfigResult): RepoConfig {
  if (result.kind !== "valid")
    throw new Error(`expected a valid config, got ${JSON.stringify(result.problems)}`);
  return result.config;
}

const doc = (...lines: string[]): string => `${lines.join("\n")}\n`;

describe("parseRepoConfig: the DESIGN.md example", () => {
  test("normalises to the expected RepoConfig", () => {
    const expected: RepoConfig = {
      environments: [
        environment("staging", {
          deploy: shell("./scripts/deploy.sh"),
          url: "https://staging.example.com",
          autoDeploy: "main",
        }),
        environment("production", {
          deploy: argv(["./scripts/deploy.sh", "production"]),
          require: {
            ...NO_REQUIREMENTS,
            permission: "maintain",
            approvals: 1,
            checks: { named: [] },
            approvers: ["alice", "@acme/release"],
          },
          gated: true,
          lock: true,
        }),
      ],
      defaultEnvironment: undefined,
      tasks: {
        migrate: shell("npm run migrate"),
        provision: {
          plan: shell("terraform plan -out=shipmate.tfplan"),
          apply: shell("terraform apply shipmate.tfplan"),
          artifacts: [],
        },
      },
      checks: [{ name: "unit", task: shell("npm test") }],
      slack: { channel: "#deploys", users: { U024BE7LH: "alice" } },
    };
    expect(valid(parseRepoConfig(DESIGN_EXAMPLE))).toEqual(expected);
  });

  test("keeps every defaulted field present, so callers never see a missing key", () => {
    const [staging] = valid(parseRepoConfig(DESIGN_EXAMPLE)).environments;
    expect(Object.keys(staging ?? {}).sort()).toEqual(Object.keys(environment("x")).sort());
  });
});

describe("parseRepoConfig: forms and defaults", () => {
  const cases: { name: string; text: string; check: (config: RepoConfig) => void }[] = [
    {
      name: "a string task is shell, a list is argv, a mapping takes either",
      text: doc(
        "environments:",
        "  a: { deploy: make deploy, dry_run: [make, plan] }",
        "  b: { deploy: { run: make deploy }, dry_run: { run: [make, plan] } }",
      ),
      check: (config) => {
        expect(config.environments.map((env) => [env.deploy, env.dryRun])).toEqual([
          [shell("make deploy"), argv(["make", "plan"])],
          [shell("make deploy"), argv(["make", "plan"])],
        ]);
      },
    },
    {
      name: "timeouts become milliseconds; plain numbers are seconds",
      text: doc(
        "environments:",
        "  a: { deploy: { run: x, timeout: 1h30m } }",
        "  b: { deploy: { run: x, timeout: 90 } }",
        "  c: { deploy: { run: x, timeout: 24h } }",
        "  d: { deploy: { run: x, timeout: 1s } }",
      ),
      check: (config) => {
        expect(config.environments.map((env) => env.deploy?.timeoutMs)).toEqual([
          90 * MINUTES,
          90_000,
          24 * 60 * MINUTES,
          1_000,
        ]);
      },
    },
    {
      name: "a block-scalar script is kept as written",
      text: doc("environments:", "  a:", "    deploy: |", "      npm ci", "      npm run deploy"),
      check: (config) => {
        expect(config.environments[0]?.deploy).toEqual(shell("npm ci\nnpm run deploy\n"));
      },
    },
    {
      name: "an empty environment takes every default",
      text: doc("environments:", "  review:"),
      check: (config) => {
        expect(config.environments).toEqual([environment("review")]);
      },
    },
    {
      name: "an empty require block still gates the environment",
      text: doc("environments:", "  production:", "    require: {}"),
      check: (config) => {
        expect(config.environments[0]).toEqual(environment("production", { gated: true }));
      },
    },
    {
      name: "every environment setting",
      text: doc(
        "environments:",
        "  review:",
        "    deploy: ./deploy.sh",
        "    url: http://review.example.com/path",
        "    require:",
        "      permission: triage",
        "      approvals: 2",
        "      approvers: [bob]",
        '      teams: ["@acme/ops", ops]',
        "      users: [carol, dave-1]",
        "      branches: [release/1.x, develop]",
        '      checks: [ci/build, "Unit tests (node 24)", ci/build]',
        "      approval_ttl: 2h30m",
        "    lock: false",
        "    lock_ttl: 4h",
        "    allow_forks: true",
        "    allow_sha_deploys: true",
        "    transient: true",
        "    teardown: [./teardown.sh, --force]",
      ),
      check: (config) => {
        expect(config.environments).toEqual([
          environment("review", {
            deploy: shell("./deploy.sh"),
            url: "http://review.example.com/path",
            require: {
              permission: "triage",
              approvals: 2,
              checks: { named: ["ci/build", "Unit tests (node 24)"] },
              approvers: ["bob"],
              teams: ["@acme/ops", "ops"],
              users: ["carol", "dave-1"],
              branches: ["release/1.x", "develop"],
              approvalTtlMs: 150 * MINUTES,
            },
            gated: true,
            lock: false,
            lockTtlMs: 4 * 60 * MINUTES,
            allowForks: true,
            allowShaDeploys: true,
            transient: true,
            teardown: argv(["./teardown.sh", "--force"]),
          }),
        ]);
      },
    },
    {
      name: "require.checks: true and [] mean every check green; false and absent mean no gate",
      text: doc(
        "environments:",
        "  a: { require: { checks: true } }",
        "  b: { require: { checks: [] } }",
        "  c: { require: { checks: false } }",
        "  d: { require: {} }",
        "  e: { require: { checks: [lint, 'build / linux'] } }",
      ),
      check: (config) => {
        expect(config.environments.map((env) => env.require.checks)).toEqual([
          { named: [] },
          { named: [] },
          undefined,
          undefined,
          { named: ["lint", "build / linux"] },
        ]);
      },
    },
    {
      name: "approval_ttl defaults to 1h and takes 10s to 7d",
      text: doc(
        "environments:",
        "  a: {}",
        "  b: { require: { approval_ttl: 10s } }",
        "  c: { require: { approval_ttl: 7d } }",
        "  d: { require: { approval_ttl: 900 } }",
      ),
      check: (config) => {
        expect(config.environments.map((env) => env.require.approvalTtlMs)).toEqual([
          60 * MINUTES,
          MINUTES / 6,
          7 * 24 * 60 * MINUTES,
          15 * MINUTES,
        ]);
      },
    },
    {
      name: "lock defaults to true; lock: false lets jobs overlap",
      text: doc("environments:", "  a: {}", "  b: { lock: false }", "  c: { lock: true }"),
      check: (config) => {
        expect(config.environments.map((env) => env.lock)).toEqual([true, false, true]);
      },
    },
    {
      name: "environments and checks keep file order, even integer-like names",
      text: doc(
        "environments:",
        "  staging: {}",
        '  "2": {}',
        "  1: {}",
        "checks:",
        "  unit: a",
        "  10: b",
        "  lint: c",
      ),
      check: (config) => {
        expect(config.environments.map((env) => env.name)).toEqual(["staging", "2", "1"]);
        expect(config.checks.map((check) => check.name)).toEqual(["unit", "10", "lint"]);
      },
    },
    {
      name: "default_environment, provision artifacts and slack users",
      text: doc(
        "default_environment: b",
        "environments: { a: {}, b: {} }",
        "tasks:",
        "  provision:",
        "    plan: { run: [terraform, plan], timeout: 10m }",
        "    apply: terraform apply",
        "    artifacts: [shipmate.tfplan, infra/.terraform.lock.hcl]",
        "slack:",
        "  users: { U024BE7LH: alice, W012A3CDE: bob }",
      ),
      check: (config) => {
        expect(config.defaultEnvironment).toBe("b");
        expect(config.tasks).toEqual({
          migrate: undefined,
          provision: {
            plan: argv(["terraform", "plan"], 10 * MINUTES),
            apply: shell("terraform apply"),
            artifacts: ["shipmate.tfplan", "infra/.terraform.lock.hcl"],
          },
        });
        expect(config.slack).toEqual({ channel: undefined, users: { U024BE7LH: "alice", W012A3CDE: "bob" } });
      },
    },
    {
      name: "without tasks, checks or slack",
      text: doc("environments:", "  a: { deploy: x }"),
      check: (config) => {
        expect(config.tasks).toEqual({ migrate: undefined, provision: undefined });
        expect(config.checks).toEqual([]);
        expect(config.slack).toEqual({ channel: undefined, users: {} });
      },
    },
    {
      name: "an anchor shared by aliases",
      text: doc(
        "environments:",
        "  eu: { deploy: x, require: &gates { permission: admin, approvals: 1 } }",
        "  us: { deploy: x, require: *gates }",
      ),
      check: (config) => {
        expect(
          config.environments.map((env) => [env.require.permission, env.require.approvals, env.gated]),
        ).toEqual([
          ["admin", 1, true],
          ["admin", 1, true],
        ]);
      },
    },
    {
      name: "a leading document marker and a channel id",
      text: doc("---", "environments: { a: {} }", "slack: { channel: C024BE91L }"),
      check: (config) => {
        expect(config.slack.channel).toBe("C024BE91L");
      },
    },
  ];

  test.each(cases)("$name", ({ text, check }) => {
    check(valid(parseRepoConfig(text)));
  });
});
