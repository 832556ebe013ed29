import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parseRepoConfig } from "../../../src/config/parse-repo-config.ts";
import type { TaskDefinition } from "../../../src/config/repo-config.ts";
import { runCli } from "../main/cli-helpers.ts";

// Every file in examples/ is a config people copy: each must pass `shipmate validate` as it stands.
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const EXAMPLES = readdirSync(`${ROOT}examples`)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

describe("examples/", () => {
  test("holds the Terraform, OpenTofu and Pulumi presets", () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(["opentofu.yml", "pulumi.yml", "terraform.yml"]));
  });

  test.each(EXAMPLES)("`shipmate validate examples/%s` passes", (name) => {
    const result = runCli(["validate", `examples/${name}`], { cwd: ROOT });
    expect(result.stdout).toMatch(new RegExp(`^examples/${name.replace(".", "\\.")} is valid: `));
    expect(result.status).toBe(0);
  });

  // The plan's file must reach the apply: the plan writes it, `artifacts` keeps it, the apply reads it.
  test.each([
    [
      "terraform.yml",
      "terraform -chdir=infra plan",
      "-out=shipmate.tfplan",
      "infra/shipmate.tfplan",
      "terraform -chdir=infra apply -input=false -no-color shipmate.tfplan",
    ],
    [
      "opentofu.yml",
      "tofu -chdir=infra plan",
      "-out=shipmate.tfplan",
      "infra/shipmate.tfplan",
      "tofu -chdir=infra apply -input=false -no-color shipmate.tfplan",
    ],
    [
      "pulumi.yml",
      "pulumi preview",
      "--save-plan=shipmate.pulumiplan.json",
      "infra/shipmate.pulumiplan.json",
      'pulumi up --stack "$SHIPMATE_ENVIRONMENT" --non-interactive --yes --plan=shipmate.pulumiplan.json',
    ],
  ])("%s plans with `%s`, keeps the plan file and applies that file", (name, plan, out, artifact, apply) => {
    const result = parseRepoConfig(readFileSync(`${ROOT}examples/${name}`, "utf8"));
    if (result.kind !== "valid") throw new Error(`examples/${name} is not valid`);
    const provision = result.config.tasks.provision;
    expect(scriptOf(provision?.plan)).toContain(plan);
    expect(scriptOf(provision?.plan)).toContain(out);
    expect(provision?.artifacts).toEqual([artifact]);
    expect(scriptOf(provision?.apply)).toContain(apply);
  });
});

function scriptOf(task: TaskDefinition | undefined): string {
  return task?.command.kind === "shell" ? task.command.script : "";
}
