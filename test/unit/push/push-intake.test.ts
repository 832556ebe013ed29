import { describe, expect, test } from "vitest";
import type { RepoConfig } from "../../../src/config/repo-config.ts";
import { autoDeployEnvironments } from "../../../src/dispatch/auto-deploy-accept.ts";
import { checkJobId } from "../../../src/dispatch/check-jobs.ts";
import { lookAgainAt } from "../../../src/dispatch/push-intake-step.ts";
import { pushIntakeJobId, pushJobSchema, safeDeliveryId } from "../../../src/jobs/push-intake-job.schema.ts";
import { environmentConfig } from "../../support/environment-fixture.ts";

describe("lookAgainAt: how soon a push waiting for its checks looks again", () => {
  const cases = [
    { name: "at once after the push: half a second", waited: 0, delay: 500 },
    { name: "a quarter of the wait so far", waited: 8_000, delay: 2_000 },
    { name: "never more than 15 s", waited: 3_600_000, delay: 15_000 },
    { name: "a clock that went back counts as no wait", waited: -5_000, delay: 500 },
  ];
  test.each(cases)("$name", ({ waited, delay }) => {
    const now = 1_000_000;
    expect(lookAgainAt(now, now - waited)).toEqual({ kind: "wait", until: now + delay });
  });
});

describe("autoDeployEnvironments: the environments a push to a branch deploys to", () => {
  const config: RepoConfig = {
    environments: [
      environmentConfig({ name: "review" }),
      environmentConfig({ name: "staging", autoDeploy: "main" }),
      environmentConfig({ name: "production", autoDeploy: "main", require: { permission: "maintain" } }),
      environmentConfig({ name: "qa", autoDeploy: "develop" }),
    ],
    defaultEnvironment: undefined,
    tasks: { migrate: undefined, provision: undefined },
    checks: [],
    slack: { channel: undefined, users: {} },
  };
  const cases = [
    { branch: "main", expected: ["staging 2", "production 3"] },
    { branch: "develop", expected: ["qa 4"] },
    { branch: "Main", expected: [] },
    { branch: "feature/x", expected: [] },
  ];
  test.each(cases)("$branch", ({ branch, expected }) => {
    const found = autoDeployEnvironments(config, branch).map(
      ({ environment, n }) => `${environment.name} ${n}`,
    );
    expect(found).toEqual(expected);
  });
});

describe("ids built from a delivery", () => {
  const cases = [
    { delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958", safe: "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
    { delivery: "a:b/c d", safe: "a_b_c_d" },
    { delivery: "", safe: "delivery" },
    { delivery: "x".repeat(200), safe: "x".repeat(80) },
  ];
  test.each(cases)("$delivery", ({ delivery, safe }) => {
    expect(safeDeliveryId(delivery)).toBe(safe);
    // BullMQ ids may not hold ':'.
    expect(pushIntakeJobId("push", safe)).not.toContain(":");
    expect(checkJobId(safe, 2)).toBe(`check-${safe}-2`);
  });
});

describe("pushJobSchema: job data as the worker reads it", () => {
  const job = {
    v: 1,
    kind: "push",
    deliveryId: "d1",
    installationId: 1,
    repository: {
      id: 7,
      owner: "acme",
      name: "shop",
      defaultBranch: "main",
      cloneUrl: "https://github.example/acme/shop.git",
      htmlUrl: "https://github.example/acme/shop",
    },
    sender: "alice",
    receivedAt: 1,
    branch: "main",
    before: "0".repeat(40),
    after: "a".repeat(40),
    configListed: false,
    commitsComplete: false,
  };
  const cases = [
    { name: "a push", change: {}, ok: true },
    { name: "a short SHA", change: { after: "abc1234" }, ok: false },
    { name: "a delivery id with ':'", change: { deliveryId: "a:b" }, ok: false },
    { name: "no branch", change: { branch: "" }, ok: false },
    { name: "another version", change: { v: 2 }, ok: false },
  ];
  test.each(cases)("$name", ({ change, ok }) => {
    expect(pushJobSchema.safeParse({ ...job, ...change }).success).toBe(ok);
  });
});
