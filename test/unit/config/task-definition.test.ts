import { describe, expect, test } from "vitest";
import type { TaskDefinition } from "../../../src/config/repo-config.ts";
import { taskDefinitionOf } from "../../../src/dispatch/task-definition-of.ts";
import { taskJobSchema } from "../../../src/jobs/task-job.schema.ts";

// A config task becomes a job's definition, and survives the job's own schema at the worker.
const definitions: { name: string; definition: TaskDefinition }[] = [
  { name: "shell", definition: { command: { kind: "shell", script: "make deploy" }, timeoutMs: 60_000 } },
  { name: "argv", definition: { command: { kind: "argv", argv: ["make", "deploy"] }, timeoutMs: 60_000 } },
  {
    name: "workflow with ref and inputs",
    definition: {
      command: { kind: "workflow", file: "deploy.yml", ref: "main", inputs: { region: "eu" } },
      timeoutMs: 60_000,
    },
  },
  {
    name: "workflow on the job's ref",
    definition: { command: { kind: "workflow", file: "d.yml", inputs: {} }, timeoutMs: 1_000 },
  },
  {
    name: "webhook with every field",
    definition: {
      command: {
        kind: "webhook",
        url: "https://x.example/hook",
        secretEnv: "HOOK_SECRET",
        statusUrl: "https://x.example/status",
        cancelUrl: "https://x.example/stop",
        pollIntervalMs: 5_000,
        retries: 2,
      },
      timeoutMs: 60_000,
    },
  },
  {
    name: "webhook with defaults",
    definition: {
      command: { kind: "webhook", url: "https://x.example", pollIntervalMs: 10_000, retries: 3 },
      timeoutMs: 1_000,
    },
  },
];

const job = {
  v: 1,
  id: "task-1-1",
  task: "deploy",
  installationId: 1,
  repository: { id: 1, owner: "acme", name: "shop", defaultBranch: "main", cloneUrl: "x", htmlUrl: "y" },
  environment: "staging",
  sha: "a".repeat(40),
  ref: "main",
  pinnedFrom: "ref",
  actor: "alice",
  params: {},
  dryRun: false,
  requestedAt: 0,
};

describe("taskDefinitionOf", () => {
  test.each(definitions)("$name: equal, not shared, and valid job data", ({ definition }) => {
    const copied = taskDefinitionOf(definition);
    expect(copied).toEqual(definition);
    if ("inputs" in copied.command && "inputs" in definition.command) {
      expect(copied.command.inputs).not.toBe(definition.command.inputs);
    }
    const parsed = taskJobSchema.parse(JSON.parse(JSON.stringify({ ...job, definition: copied })));
    expect(parsed.definition).toEqual(definition);
  });

  test("a job's files survive its schema; an empty restoreFrom does not", () => {
    const files = { collect: ["shipmate.tfplan"], restoreFrom: "task-9-1" };
    const definition = taskDefinitionOf(definitions[0]?.definition as TaskDefinition);
    expect(taskJobSchema.parse({ ...job, definition, files }).files).toEqual(files);
    expect(taskJobSchema.safeParse({ ...job, definition, files: { restoreFrom: "" } }).success).toBe(false);
  });
});
