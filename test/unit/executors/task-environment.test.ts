import { afterEach, describe, expect, test } from "vitest";
import {
  buildTaskEnvironment,
  paramVariableName,
  SAFE_PATH,
  type TaskEnvironmentInput,
} from "../../../src/executors/task-environment.ts";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const base: TaskEnvironmentInput = {
  task: "deploy",
  environment: "staging",
  sha: SHA,
  ref: "feature/x",
  pullRequest: 42,
  actor: "alice",
  dryRun: false,
  params: {},
  passthrough: {},
  home: "/tmp/ws/home",
};

describe("buildTaskEnvironment", () => {
  afterEach(() => {
    delete process.env.SHIPMATE_CANARY;
  });

  test("produces exactly the documented variables", () => {
    expect(buildTaskEnvironment(base)).toEqual({
      SHIPMATE_TASK: "deploy",
      SHIPMATE_ENVIRONMENT: "staging",
      SHIPMATE_SHA: SHA,
      SHIPMATE_REF: "feature/x",
      SHIPMATE_PR: "42",
      SHIPMATE_ACTOR: "alice",
      SHIPMATE_DRY_RUN: "",
      SHIPMATE_PARAMS: "{}",
      PATH: SAFE_PATH,
      HOME: "/tmp/ws/home",
      LANG: "C.UTF-8",
    });
  });

  test.each<[string, Partial<TaskEnvironmentInput>, Record<string, string>]>([
    ["no pull request", { pullRequest: undefined }, { SHIPMATE_PR: "" }],
    ["dry run", { dryRun: true }, { SHIPMATE_DRY_RUN: "1" }],
    ["task kind", { task: "migrate" }, { SHIPMATE_TASK: "migrate" }],
    [
      "params as JSON and one variable each, upper-cased",
      { params: { version: "1.2.3", Region: "eu-west-1" } },
      {
        SHIPMATE_PARAMS: '{"version":"1.2.3","Region":"eu-west-1"}',
        SHIPMATE_PARAM_VERSION: "1.2.3",
        SHIPMATE_PARAM_REGION: "eu-west-1",
      },
    ],
    ["a key a shell cannot name", { params: { "image-tag.v2": "x" } }, { SHIPMATE_PARAM_IMAGE_TAG_V2: "x" }],
    [
      "hostile values are kept verbatim",
      { params: { evil: "$(touch /tmp/x)`id`; rm -rf / \n'\"" } },
      { SHIPMATE_PARAM_EVIL: "$(touch /tmp/x)`id`; rm -rf / \n'\"" },
    ],
    ["passthrough PATH replaces the default", { passthrough: { PATH: "/opt/bin" } }, { PATH: "/opt/bin" }],
    ["passthrough variables are added", { passthrough: { AWS_REGION: "eu" } }, { AWS_REGION: "eu" }],
    ["passthrough cannot set HOME", { passthrough: { HOME: "/root" } }, { HOME: "/tmp/ws/home" }],
    [
      "passthrough cannot impersonate Shipmate",
      { passthrough: { SHIPMATE_ACTOR: "mallory", SHIPMATE_PARAM_X: "1" } },
      { SHIPMATE_ACTOR: "alice" },
    ],
  ])("%s", (_name, change, expected) => {
    const env = buildTaskEnvironment({ ...base, ...change });
    expect(env).toMatchObject(expected);
  });

  test("passthrough cannot add a SHIPMATE_ variable of its own", () => {
    const env = buildTaskEnvironment({ ...base, passthrough: { SHIPMATE_PARAM_X: "1" } });
    expect(Object.keys(env)).not.toContain("SHIPMATE_PARAM_X");
  });

  test("nothing from the server's own environment leaks in", () => {
    process.env.SHIPMATE_CANARY = "leaked";
    const env = buildTaskEnvironment({ ...base, passthrough: { KEEP: "1" } });
    expect(Object.keys(env)).not.toContain("SHIPMATE_CANARY");
    expect(Object.values(env)).not.toContain("leaked");
    expect(Object.keys(env).sort()).toEqual(
      [
        "HOME",
        "KEEP",
        "LANG",
        "PATH",
        "SHIPMATE_ACTOR",
        "SHIPMATE_DRY_RUN",
        "SHIPMATE_ENVIRONMENT",
        "SHIPMATE_PARAMS",
        "SHIPMATE_PR",
        "SHIPMATE_REF",
        "SHIPMATE_SHA",
        "SHIPMATE_TASK",
      ].sort(),
    );
  });

  test("a __proto__ passthrough name is an ordinary variable", () => {
    const env = buildTaskEnvironment({ ...base, passthrough: JSON.parse('{"__proto__":"p"}') });
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
    expect(Object.hasOwn(env, "__proto__")).toBe(true);
  });
});

test.each([
  ["version", "SHIPMATE_PARAM_VERSION"],
  ["Image_Tag", "SHIPMATE_PARAM_IMAGE_TAG"],
  ["a-b.c", "SHIPMATE_PARAM_A_B_C"],
  ["x=y", "SHIPMATE_PARAM_X_Y"],
])("paramVariableName(%j) is %s", (key, name) => {
  expect(paramVariableName(key)).toBe(name);
});
