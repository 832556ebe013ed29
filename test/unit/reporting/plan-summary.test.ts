import { describe, expect, test } from "vitest";
import {
  type PlanSummary,
  parsePlanSummary,
  type ResourceCounts,
  renderPlanSummary,
} from "../../../src/reporting/render/plan-summary.ts";

const counts = (fields: Partial<ResourceCounts>): ResourceCounts => ({
  add: 0,
  change: 0,
  destroy: 0,
  replace: 0,
  import: 0,
  forget: 0,
  ...fields,
});
const planned = (fields: Partial<ResourceCounts>): PlanSummary => ({
  kind: "planned",
  counts: counts(fields),
});
const applied = (fields: Partial<ResourceCounts>): PlanSummary => ({
  kind: "applied",
  counts: counts(fields),
});
const NONE: PlanSummary = { kind: "no-changes" };

const TERRAFORM_PLAN = `
Terraform will perform the following actions:

  # aws_s3_bucket.logs will be created
  + resource "aws_s3_bucket" "logs" {
      + bucket = "logs"
    }

Plan: 2 to add, 1 to change, 0 to destroy.

───────────────────────────────────────────────
Saved the plan to: shipmate.tfplan
`;

const PULUMI_PREVIEW = `Previewing update (dev):
     Type                 Name          Plan
 +   pulumi:pulumi:Stack  shop-dev      create
 ~   aws:s3:Bucket        assets        update

Resources:
    + 2 to create
    ~ 1 to update
    - 3 to delete
    +-1 to replace
    4 unchanged
`;

describe("parsePlanSummary", () => {
  test.each<[string, string, PlanSummary | undefined]>([
    ["a Terraform plan", TERRAFORM_PLAN, planned({ add: 2, change: 1 })],
    [
      "an OpenTofu plan, without the dot",
      "Plan: 0 to add, 0 to change, 5 to destroy",
      planned({ destroy: 5 }),
    ],
    [
      "a plan that imports",
      "Plan: 1 to import, 2 to add, 0 to change, 0 to destroy.",
      planned({ import: 1, add: 2 }),
    ],
    [
      "a plan that forgets (removed blocks)",
      "Plan: 0 to add, 0 to change, 0 to destroy, 2 to forget.",
      planned({ forget: 2 }),
    ],
    [
      "coloured output",
      "\u001b[0m\u001b[1mPlan:\u001b[0m 3 to add, 0 to change, 1 to destroy.\u001b[0m",
      planned({ add: 3, destroy: 1 }),
    ],
    [
      "CRLF line ends",
      "Refreshing...\r\nPlan: 1 to add, 0 to change, 0 to destroy.\r\n",
      planned({ add: 1 }),
    ],
    ["Terraform with nothing to do", "\nNo changes. Your infrastructure matches the configuration.\n", NONE],
    ["older Terraform with nothing to do", "No changes. Infrastructure is up-to-date.", NONE],
    [
      "a Terraform apply",
      "aws_s3_bucket.logs: Creation complete after 2s\n\nApply complete! Resources: 2 added, 1 changed, 0 destroyed.\n",
      applied({ add: 2, change: 1 }),
    ],
    ["a destroy", "Destroy complete! Resources: 4 destroyed.", applied({ destroy: 4 })],
    ["a Pulumi preview", PULUMI_PREVIEW, planned({ add: 2, change: 1, destroy: 3, replace: 1 })],
    [
      "a Pulumi update",
      "Updating (dev):\n\nResources:\n    + 1 created\n    ~ 2 updated\n    3 unchanged\n\nDuration: 5s\n",
      applied({ add: 1, change: 2 }),
    ],
    [
      "a Pulumi preview with nothing to do",
      "Previewing update (dev):\n\nResources:\n    7 unchanged\n",
      NONE,
    ],
    ["a Pulumi import", "Resources:\n    = 2 to import\n", planned({ import: 2 })],
    [
      "the last summary wins (a plan, then the apply of it)",
      "Plan: 2 to add, 0 to change, 0 to destroy.\nApply complete! Resources: 2 added, 0 changed, 0 destroyed.",
      applied({ add: 2 }),
    ],
    ["no summary at all", "everything went fine\n", undefined],
    ["empty output", "", undefined],
    ["a Resources: heading with no counts under it", "Resources:\n  see the wiki\n", undefined],
    ["a plan line inside other text", "echo 'the Plan: 2 to add, 1 to change' is quoted", undefined],
    ["Plan: with unknown words only", "Plan: 3 to frobnicate.", planned({})],
  ])("%s", (_name, output, expected) => {
    expect(parsePlanSummary(output)).toEqual(expected);
  });
});

describe("renderPlanSummary", () => {
  test.each<[PlanSummary, string]>([
    [planned({ add: 2, change: 1 }), "Plan: **2** to add, **1** to change, **0** to destroy"],
    [
      planned({ add: 1, replace: 2, import: 3, forget: 1 }),
      "Plan: 3 to import, **1** to add, **0** to change, **2** to replace, **0** to destroy, 1 to forget",
    ],
    [applied({ add: 2, destroy: 1 }), "Applied: **2** added, **0** changed, **1** destroyed"],
    [NONE, "Plan: no changes"],
  ])("%j", (summary, text) => {
    expect(renderPlanSummary(summary)).toBe(text);
  });
});
