import { describe, expect, test } from "vitest";
import type { WorkflowCommand } from "../../../src/config/repo-config.ts";
import { jobLines } from "../../../src/executors/workflow/describe-run.ts";
import { dispatchRef, workflowInputs } from "../../../src/executors/workflow/workflow-inputs.ts";

const job = {
  environment: "staging",
  sha: "a".repeat(40),
  ref: "feature/x",
  params: { version: "1.2.3", "a b": 'c"d' },
  dryRun: false,
};

describe("workflowInputs", () => {
  test("the configured inputs and Shipmate's four, params as JSON", () => {
    const command: WorkflowCommand = { kind: "workflow", file: "d.yml", inputs: { region: "eu" } };
    expect(workflowInputs(command, job)).toEqual({
      region: "eu",
      environment: "staging",
      sha: job.sha,
      ref: "feature/x",
      params: '{"version":"1.2.3","a b":"c\\"d"}',
    });
  });

  test("a dry run adds dry_run, so a workflow that does not declare it refuses the dispatch", () => {
    const command: WorkflowCommand = { kind: "workflow", file: "d.yml", inputs: {} };
    expect(workflowInputs(command, { ...job, dryRun: true }).dry_run).toBe("true");
    expect(workflowInputs(command, job)).not.toHaveProperty("dry_run");
  });

  test("Shipmate's inputs win over a configured one of the same name", () => {
    const command: WorkflowCommand = { kind: "workflow", file: "d.yml", inputs: { sha: "0".repeat(40) } };
    expect(workflowInputs(command, job).sha).toBe(job.sha);
  });

  const refs = [
    { name: "the configured ref", ref: "main", expected: "main" },
    { name: "the job's ref without one", ref: undefined, expected: "feature/x" },
  ];
  test.each(refs)("dispatchRef: $name", ({ ref, expected }) => {
    const command: WorkflowCommand = { kind: "workflow", file: "d.yml", inputs: {}, ...(ref && { ref }) };
    expect(dispatchRef(command, job.ref)).toBe(expected);
  });
});

describe("jobLines", () => {
  test("a mark per conclusion, the status while unfinished", () => {
    expect(
      jobLines([
        { name: "build", status: "completed", conclusion: "success" },
        { name: "deploy", status: "completed", conclusion: "failure" },
        { name: "notify", status: "completed", conclusion: "skipped" },
        { name: "verify", status: "in_progress", conclusion: null },
        { name: "gate", status: "completed", conclusion: "cancelled" },
      ]),
    ).toEqual([
      "  ✓ build: success",
      "  ✗ deploy: failure",
      "  – notify: skipped",
      "  … verify: in_progress",
      "  ✗ gate: cancelled",
    ]);
  });
});
