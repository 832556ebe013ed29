import { describe, expect, test } from "vitest";
import type { EnvironmentConfig, RepoConfig } from "../../../src/config/repo-config.ts";
import type { EnvironmentChoice } from "../../../src/config/select-environment.ts";
import { selectEnvironment } from "../../../src/config/select-environment.ts";
import { environmentConfig } from "../../support/environment-fixture.ts";

function environment(name: string, gated = false): EnvironmentConfig {
  return { ...environmentConfig({ name }), gated };
}

function config(environments: EnvironmentConfig[], defaultEnvironment?: string): RepoConfig {
  return {
    environments,
    defaultEnvironment,
    tasks: { migrate: undefined, provision: undefined },
    checks: [],
    slack: { channel: undefined, users: {} },
  };
}

const STAGING = environment("staging");
const PRODUCTION = environment("production", true);
const REVIEW = environment("review");

/** A choice, with environments reduced to their names so the table reads. */
type Outcome = Exclude<EnvironmentChoice, { kind: "chosen" }> | { kind: "chosen"; name: string };

function outcome(choice: EnvironmentChoice): Outcome {
  return choice.kind === "chosen" ? { kind: "chosen", name: choice.environment.name } : choice;
}

describe("selectEnvironment", () => {
  const cases: { name: string; config: RepoConfig; requested: string | undefined; expected: Outcome }[] = [
    {
      name: "a named environment",
      config: config([STAGING, PRODUCTION]),
      requested: "staging",
      expected: { kind: "chosen", name: "staging" },
    },
    {
      name: "a named gated environment",
      config: config([STAGING, PRODUCTION]),
      requested: "production",
      expected: { kind: "chosen", name: "production" },
    },
    {
      name: "a name in other letter case",
      config: config([STAGING, PRODUCTION]),
      requested: "Production",
      expected: { kind: "chosen", name: "production" },
    },
    {
      name: "an unknown name",
      config: config([STAGING, PRODUCTION]),
      requested: "prod",
      expected: { kind: "unknown", requested: "prod", known: ["staging", "production"] },
    },
    {
      name: "default_environment when none is named",
      config: config([STAGING, REVIEW], "review"),
      requested: undefined,
      expected: { kind: "chosen", name: "review" },
    },
    {
      name: "a name wins over default_environment",
      config: config([STAGING, REVIEW], "review"),
      requested: "staging",
      expected: { kind: "chosen", name: "staging" },
    },
    {
      name: "the first environment without default_environment",
      config: config([REVIEW, STAGING]),
      requested: undefined,
      expected: { kind: "chosen", name: "review" },
    },
    {
      name: "a gated first environment must be named",
      config: config([PRODUCTION, STAGING]),
      requested: undefined,
      expected: { kind: "needs-name", candidate: "production", known: ["production", "staging"] },
    },
    {
      name: "a gated default_environment must be named",
      config: config([STAGING, PRODUCTION], "production"),
      requested: undefined,
      expected: { kind: "needs-name", candidate: "production", known: ["staging", "production"] },
    },
    {
      name: "a default_environment that is missing (a config not from the parser)",
      config: config([STAGING], "gone"),
      requested: undefined,
      expected: { kind: "unknown", requested: "gone", known: ["staging"] },
    },
    { name: "no environments", config: config([]), requested: undefined, expected: { kind: "none" } },
    {
      name: "no environments, one named",
      config: config([]),
      requested: "staging",
      expected: { kind: "none" },
    },
  ];

  test.each(cases)("$name", ({ config, requested, expected }) => {
    expect(outcome(selectEnvironment(config, requested))).toEqual(expected);
  });

  test("the chosen environment is the config's own object", () => {
    const repo = config([STAGING, PRODUCTION]);
    const choice = selectEnvironment(repo, "staging");
    expect(choice.kind === "chosen" && choice.environment).toBe(STAGING);
  });
});
