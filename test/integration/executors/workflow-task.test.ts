import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { WorkflowCommand } from "../../../src/config/repo-config.ts";
import { type RunTaskInput, runTask } from "../../../src/executors/run-task.ts";
import { createProbot, githubClientFactory } from "../../../src/github/create-probot.ts";
import type { GitHubClient } from "../../../src/github/github-client.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { testPrivateKey } from "../../support/harness.ts";
import { ActionsFake } from "./actions-fake.ts";

// The workflow executor through the real Actions calls (Probot's Octokit) against a local fake of GitHub's API.
const fake = new ActionsFake();
let github: GitHubClient;
const SHA = "c0ffee".padEnd(40, "0");
const DISPATCHES = /^POST \/repos\/acme\/shop\/actions\/workflows\/deploy\.yml\/dispatches$/;

beforeAll(async () => {
  const baseUrl = await fake.start();
  const probot = createProbot(
    { appId: "1", privateKey: testPrivateKey(), webhookSecret: "secret", baseUrl },
    createLogger("silent", []),
  );
  github = await githubClientFactory(probot)(42);
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.calls.length = 0;
  fake.runs.clear();
  fake.runDetails = "returns-id";
  fake.refuseDispatch = undefined;
  fake.failRunReads = undefined;
  fake.dispatchDelayMs = 0;
  fake.nextRun = { conclusion: "success", readsUntilDone: 2, jobs: [], headSha: SHA };
});

function input(command: Partial<WorkflowCommand> = {}, more: Partial<RunTaskInput> = {}): RunTaskInput {
  return {
    cloneUrl: "file:///nowhere",
    sha: SHA,
    token: "ghs_notUsedByWorkflows0123456789",
    task: {
      command: { kind: "workflow", file: "deploy.yml", inputs: { region: "eu" }, ...command },
      timeoutMs: 5_000,
    },
    env: {
      task: "deploy",
      environment: "staging",
      ref: "feature/x",
      pullRequest: 7,
      actor: "alice",
      dryRun: false,
      params: { version: "1.2.3" },
    },
    passthrough: {},
    secrets: [],
    jobId: "task-1-1",
    repository: { owner: "acme", name: "shop" },
    actions: github,
    followIntervalMs: 20,
    ...more,
  };
}

describe("workflow tasks", () => {
  test("dispatches with the job's facts as inputs and follows the run to success", async () => {
    fake.nextRun.jobs = [
      { name: "build", conclusion: "success" },
      { name: "deploy", conclusion: "success" },
    ];
    const chunks: string[] = [];
    const result = await runTask(input({}, { onOutput: (chunk) => chunks.push(chunk) }));
    expect(result).toMatchObject({ kind: "succeeded", exitCode: null, workspaceRemoved: true });
    expect(result.problem).toBeUndefined();
    const [dispatch] = fake.callsTo(DISPATCHES);
    expect(dispatch?.body).toEqual({
      ref: "feature/x",
      inputs: {
        region: "eu",
        environment: "staging",
        sha: SHA,
        ref: "feature/x",
        params: '{"version":"1.2.3"}',
      },
      return_run_details: true,
    });
    const run = [...fake.runs.values()][0];
    expect(result.output).toContain(`Run: https://github.example/acme/shop/actions/runs/${run?.id}`);
    expect(result.output).toContain("Run status: in_progress");
    expect(result.output).toContain("  ✓ build: success\n  ✓ deploy: success");
    expect(result.output).toContain("Conclusion: success");
    expect(chunks.join("")).toBe(result.output);
  });

  test("a run that concludes failure fails the task with its link", async () => {
    fake.nextRun = {
      ...fake.nextRun,
      conclusion: "failure",
      jobs: [{ name: "deploy", conclusion: "failure" }],
    };
    const result = await runTask(input({ ref: "main" }));
    expect(result.kind).toBe("failed");
    expect(fake.callsTo(DISPATCHES)[0]?.body).toMatchObject({ ref: "main", inputs: { ref: "feature/x" } });
    expect(result.output).toContain("  ✗ deploy: failure");
    const id = [...fake.runs.keys()][0];
    expect(result.problem).toBe(
      `The workflow run ended with conclusion \`failure\`: https://github.example/acme/shop/actions/runs/${id}. Read its log, fix the cause, then comment \`/deploy staging\` again.`,
    );
  });

  test("without a run id from GitHub, the new run is found among the workflow's runs", async () => {
    fake.runDetails = "ignored";
    const older = fake.seedRun({
      workflow: "deploy.yml",
      status: "in_progress",
      conclusion: null,
      headSha: SHA,
      headBranch: "feature/x",
    });
    const result = await runTask(input());
    expect(result.kind).toBe("succeeded");
    const created = [...fake.runs.values()].find((run) => run.id !== older.id);
    expect(fake.callsTo(new RegExp(`^GET .*/actions/runs/${created?.id}$`)).length).toBeGreaterThan(0);
    expect(fake.callsTo(new RegExp(`^GET .*/actions/runs/${older.id}$`))).toEqual([]);
    const lists = fake.callsTo(/^GET .*\/workflows\/deploy\.yml\/runs$/);
    expect(lists.every((call) => call.query.get("event") === "workflow_dispatch")).toBe(true);
  });

  test("a GitHub that refuses return_run_details gets the dispatch again without it", async () => {
    fake.runDetails = "refused";
    const result = await runTask(input());
    expect(result.kind).toBe("succeeded");
    const dispatches = fake.callsTo(DISPATCHES);
    expect(dispatches).toHaveLength(2);
    expect(dispatches[1]?.body).not.toHaveProperty("return_run_details");
  });

  test("a refused dispatch fails with GitHub's reason and what to check", async () => {
    fake.refuseDispatch = { status: 422, message: "Workflow does not have 'workflow_dispatch' trigger" };
    const result = await runTask(input());
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain("GitHub did not start `deploy.yml` on `feature/x`");
    expect(result.problem).toContain("Workflow does not have 'workflow_dispatch' trigger");
    expect(result.problem).toContain("`environment`, `sha`, `ref`, `params`");
    expect(result.output).toContain(result.problem);
  });

  test("a run past the task's timeout is cancelled on GitHub and the task timed_out", async () => {
    fake.nextRun.readsUntilDone = 1_000_000;
    const base = input();
    const result = await runTask({ ...base, task: { ...base.task, timeoutMs: 400 } });
    expect(result.kind).toBe("timed_out");
    expect(result.durationMs).toBeLessThan(3_000);
    expect(fake.callsTo(/^POST .*\/actions\/runs\/\d+\/cancel$/)).toHaveLength(1);
    expect([...fake.runs.values()][0]?.conclusion).toBe("cancelled");
    expect(result.output).toMatch(/Asking GitHub to cancel run \d+/);
    expect(result.problem).toBe(
      "The deploy task ran longer than its timeout (<1s): Shipmate asked GitHub to cancel the workflow run. Raise `timeout` for it in `.github/shipmate.yml` or make it faster, then comment `/deploy staging` again.",
    );
  });

  test.each(["returns-id", "ignored"] as const)(
    "a task stopped while its dispatch is on its way cancels the run it creates (GitHub run details: %s)",
    async (details) => {
      fake.runDetails = details;
      fake.dispatchDelayMs = 300;
      fake.nextRun.readsUntilDone = 1_000_000;
      const controller = new AbortController();
      const result = await runTask(
        input(
          {},
          {
            signal: controller.signal,
            onOutput: (chunk) => chunk.startsWith("Dispatching") && controller.abort(),
          },
        ),
      );
      expect(result.kind).toBe("cancelled");
      const [created] = [...fake.runs.values()];
      expect(fake.callsTo(/^POST .*\/actions\/runs\/\d+\/cancel$/).map((call) => call.path)).toEqual([
        `/repos/acme/shop/actions/runs/${created?.id}/cancel`,
      ]);
      expect(created?.conclusion).toBe("cancelled");
    },
  );

  test("a job whose ref is a commit needs `workflow.ref`: nothing is dispatched", async () => {
    const base = input();
    const result = await runTask({ ...base, env: { ...base.env, ref: SHA } });
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain("Set `workflow.ref` (e.g. `main`)");
    expect(fake.callsTo(DISPATCHES)).toEqual([]);
  });

  test("a cancelled task cancels its run", async () => {
    fake.nextRun.readsUntilDone = 1_000_000;
    const controller = new AbortController();
    const result = await runTask(
      input(
        {},
        {
          signal: controller.signal,
          onOutput: (chunk) => chunk.includes("in_progress") && controller.abort(),
        },
      ),
    );
    expect(result.kind).toBe("cancelled");
    expect(fake.callsTo(/^POST .*\/actions\/runs\/\d+\/cancel$/)).toHaveLength(1);
  });

  test("a run that cannot be read again and again fails the task rather than wait forever", async () => {
    fake.failRunReads = 500;
    const result = await runTask(input());
    expect(result.kind).toBe("failed");
    expect(result.problem).toMatch(/^Shipmate lost track of workflow run \d+/);
    expect(fake.callsTo(/^GET .*\/actions\/runs\/\d+$/)).toHaveLength(5);
  });

  test("without GitHub's Actions calls a workflow task fails and dispatches nothing", async () => {
    const { actions: _, ...base } = input();
    const result = await runTask(base);
    expect(result).toMatchObject({
      kind: "failed",
      problem: expect.stringContaining("cannot reach GitHub Actions"),
    });
    expect(fake.calls).toEqual([]);
  });

  test("files cannot be kept for a workflow task", async () => {
    const result = await runTask(input({}, { collect: ["plan.out"] }));
    expect(result).toMatchObject({
      kind: "failed",
      problem: expect.stringContaining("Files can only be kept"),
    });
    expect(fake.calls).toEqual([]);
  });
});
