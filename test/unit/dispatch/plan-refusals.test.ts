import { describe, expect, test } from "vitest";
import { type PlanFacts, planRefusals } from "../../../src/dispatch/plan-refusals.ts";

const HEAD = "a".repeat(40);
const OLD = "b".repeat(40);
const HOUR = 3_600_000;
const NOW = 10 * HOUR;

const facts = (fields: Partial<PlanFacts> = {}): PlanFacts => ({
  environment: "infra",
  plan: { jobId: "task-1-1", sha: HEAD, at: NOW - 10 * 60_000, spentBy: undefined },
  planState: "succeeded",
  planFinishedAt: NOW - 5 * 60_000,
  headSha: HEAD,
  now: NOW,
  maxAgeMs: HOUR,
  filesKept: true,
  ...fields,
});
const plan = (fields: Partial<NonNullable<PlanFacts["plan"]>>) =>
  ({ ...facts().plan, ...fields }) as PlanFacts["plan"];

describe("planRefusals", () => {
  test.each<[string, Partial<PlanFacts>, string[]]>([
    ["a fresh, succeeded plan on the head", {}, []],
    ["no plan", { plan: undefined }, ["no-plan"]],
    ["spent, whatever else is wrong", { plan: plan({ spentBy: "task-2-1" }), headSha: OLD }, ["plan-spent"]],
    ["still queued", { planState: "queued", planFinishedAt: undefined }, ["plan-not-finished"]],
    ["still running", { planState: "running", planFinishedAt: undefined }, ["plan-not-finished"]],
    ["awaiting approval", { planState: "awaiting_approval" }, ["plan-not-finished"]],
    ["failed", { planState: "failed" }, ["plan-failed"]],
    ["timed out", { planState: "timed_out" }, ["plan-failed"]],
    ["cancelled", { planState: "cancelled" }, ["plan-failed"]],
    ["refused when its turn came", { planState: "refused" }, ["plan-failed"]],
    ["its record is gone", { planState: undefined, planFinishedAt: undefined }, ["plan-failed"]],
    ["made on another commit", { headSha: OLD }, ["plan-outdated"]],
    ["older than max_plan_age", { planFinishedAt: NOW - 2 * HOUR }, ["plan-expired"]],
    ["exactly max_plan_age old", { planFinishedAt: NOW - HOUR }, []],
    [
      "age from acceptance when the record has no end",
      { planFinishedAt: undefined, plan: plan({ at: NOW - 3 * HOUR }) },
      ["plan-expired"],
    ],
    ["its files are gone", { filesKept: false }, ["plan-files-missing"]],
    [
      "outdated and expired at once",
      { headSha: OLD, planFinishedAt: NOW - 2 * HOUR },
      ["plan-outdated", "plan-expired"],
    ],
    ["failed on another commit", { planState: "failed", headSha: OLD }, ["plan-failed", "plan-outdated"]],
  ])("%s", (_name, fields, codes) => {
    expect(planRefusals(facts(fields)).map((reason) => reason.code)).toEqual(codes);
  });

  test("each reason says what to do next", () => {
    const [spent] = planRefusals(facts({ plan: plan({ spentBy: "task-2-1" }) }));
    expect(spent?.message).toBe(
      "Plan already applied: `task-2-1` applied the plan `task-1-1`, and a plan is applied once.",
    );
    expect(spent?.fix).toContain("Run `/provision infra plan` again");
    const [outdated] = planRefusals(facts({ headSha: OLD }));
    expect(outdated?.message).toBe("The plan was made on `aaaaaaa`, but the head is `bbbbbbb` now.");
    const [expired] = planRefusals(facts({ planFinishedAt: NOW - 2 * HOUR }));
    expect(expired?.message).toBe(
      "The plan is 2h 00m 00s old; plans older than 1h 00m 00s are not applied (`max_plan_age`).",
    );
    const [missing] = planRefusals(facts({ plan: undefined }));
    expect(missing?.fix).toBe("Run `/provision infra plan` first, check its summary, then apply it.");
  });
});
