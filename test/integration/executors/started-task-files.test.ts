import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { AuditTrail } from "../../../src/audit/audit-trail.ts";
import type { GitHubClient } from "../../../src/github/github-client.ts";
import type { TaskJob } from "../../../src/jobs/task-job.schema.ts";
import { EnvironmentHolds } from "../../../src/locks/environment-holds.ts";
import { EnvironmentLines } from "../../../src/locks/environment-line.ts";
import { CancelRequests } from "../../../src/queue/cancel-requests.ts";
import { JobRecords } from "../../../src/queue/job-records.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import type { WorkflowCalls } from "../../../src/shared/workflow-calls.ts";
import { CancelWatch } from "../../../src/worker/cancel-watch.ts";
import { runStartedTask } from "../../../src/worker/run-started-task.ts";
import { ARTIFACT_TTL_SECONDS, artifactsKey } from "../../../src/worker/task-artifacts.ts";
import type { TaskDeps } from "../../../src/worker/task-deps.ts";
import { REDIS_URL } from "../../support/harness.ts";
import { jobView } from "../../support/job-view-fixture.ts";
import { createRepo, tempDir } from "./git-fixture.ts";

// The worker's side of kept files and workflow tasks: Redis in and out, GitHub's Actions calls passed through.
const redis = new Redis(REDIS_URL);
const prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
const log = createLogger("silent", []);
const tasks = new Queue("tasks", { connection: redis, prefix });
const cancels = new CancelRequests(redis, prefix);
const cancelWatch = new CancelWatch(redis.duplicate(), cancels, log);
const records = new JobRecords(redis, prefix);
let temp: ReturnType<typeof tempDir>;
let repo: ReturnType<typeof createRepo>;
let outDir: string;
let github: Partial<WorkflowCalls>;

afterAll(async () => {
  await tasks.close();
  await cancelWatch.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});
beforeEach(() => {
  temp = tempDir("shipmate-started-files-test-");
  outDir = join(temp.path, "out");
  mkdirSync(outDir);
  repo = createRepo(temp.path, {});
  github = {};
});
afterEach(() => temp.remove());

function deps(): TaskDeps {
  return {
    github: async () => ({ installationToken: async () => "", ...github }) as unknown as GitHubClient,
    records,
    requestReport: async () => undefined,
    redis,
    prefix,
    log,
    now: () => Date.now(),
    taskEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin", OUT_DIR: outDir },
    secrets: [],
    workspaceDir: undefined,
    outputFlushMs: 50,
    lines: new EnvironmentLines(redis, prefix),
    holds: new EnvironmentHolds(redis, prefix, new AuditTrail(redis, prefix, log), () => Date.now()),
    tasks,
    cancels,
    cancelWatch,
    leaseMs: 30_000,
    followIntervalMs: 10,
  };
}

async function start(id: string, definition: TaskJob["definition"], files?: TaskJob["files"]) {
  const job: TaskJob = {
    v: 1,
    id,
    task: "provision",
    installationId: 1,
    repository: {
      id: 5,
      owner: "acme",
      name: "infra",
      defaultBranch: "main",
      cloneUrl: repo.url,
      htmlUrl: "https://github.com/acme/infra",
    },
    environment: "prod",
    sha: repo.pinned,
    ref: "main",
    pinnedFrom: "ref",
    actor: "alice",
    params: {},
    dryRun: false,
    definition,
    requestedAt: 0,
    serialized: false,
    ...(files && { files }),
  };
  await records.create(jobView({ id, state: "queued", finishedAt: undefined, exitCode: undefined }), {
    installationId: 1,
    owner: "acme",
    repo: "infra",
    pullRequest: undefined,
    commentId: undefined,
    deploymentId: undefined,
  });
  await runStartedTask(deps(), job, new AbortController().signal);
  return (await records.load(id))?.view;
}

const shell = (script: string): TaskJob["definition"] => ({
  command: { kind: "shell", script },
  timeoutMs: 10_000,
});

describe("kept files through Redis", () => {
  test("a plan's files are stored for 7 days and put back into the apply's workspace", async () => {
    const planId = `task-plan-${randomUUID().slice(0, 6)}`;
    const plan = await start(planId, shell("printf 'the plan' > shipmate.tfplan"), {
      collect: ["shipmate.tfplan"],
    });
    expect(plan).toMatchObject({ state: "succeeded" });
    expect(plan?.output).toContain("[shipmate: kept shipmate.tfplan (8 bytes) for the next step]");
    const key = artifactsKey(prefix, planId);
    expect(await redis.hgetall(key)).toEqual({
      "shipmate.tfplan": Buffer.from("the plan").toString("base64"),
    });
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(ARTIFACT_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(ARTIFACT_TTL_SECONDS);

    const apply = await start(
      `task-apply-${randomUUID().slice(0, 6)}`,
      shell('cp shipmate.tfplan "$OUT_DIR/applied"'),
      {
        restoreFrom: planId,
      },
    );
    expect(apply).toMatchObject({ state: "succeeded" });
    expect(readFileSync(join(outDir, "applied"), "utf8")).toBe("the plan");
  });

  test("an apply whose plan files are gone fails with a clear problem and does not run", async () => {
    const marker = join(outDir, "ran");
    const view = await start(`task-apply-${randomUUID().slice(0, 6)}`, shell(`touch "${marker}"`), {
      restoreFrom: "task-never-kept-1",
    });
    expect(view?.state).toBe("failed");
    expect(view?.problem).toContain("The files job `task-never-kept-1` kept for this task are gone");
    expect(existsSync(marker)).toBe(false);
  });

  test("a plan that leaves no file fails, and nothing is stored", async () => {
    const planId = `task-plan-${randomUUID().slice(0, 6)}`;
    const view = await start(planId, shell("echo no plan"), { collect: ["shipmate.tfplan"] });
    expect(view?.state).toBe("failed");
    expect(view?.problem).toContain("did not leave `shipmate.tfplan`");
    expect(await redis.exists(artifactsKey(prefix, planId))).toBe(0);
  });
});

describe("workflow tasks from the worker", () => {
  test("the worker hands GitHub's Actions calls to the executor and reports the conclusion", async () => {
    const dispatched: unknown[] = [];
    github = {
      dispatchWorkflow: async (_repo, input) => {
        dispatched.push(input);
        return { runId: 77 };
      },
      listWorkflowRuns: async () => [],
      getWorkflowRun: async () => ({
        id: 77,
        htmlUrl: "https://github.com/acme/infra/actions/runs/77",
        status: "completed",
        conclusion: "failure",
        headSha: repo.pinned,
        headBranch: "main",
        event: "workflow_dispatch",
        createdAt: Date.now(),
      }),
      listRunJobs: async () => [{ name: "apply", status: "completed", conclusion: "failure" }],
    };
    const view = await start(`task-wf-${randomUUID().slice(0, 6)}`, {
      command: { kind: "workflow", file: "infra.yml", inputs: {} },
      timeoutMs: 5_000,
    });
    expect(dispatched).toEqual([
      {
        workflow: "infra.yml",
        ref: "main",
        inputs: { environment: "prod", sha: repo.pinned, ref: "main", params: "{}" },
      },
    ]);
    expect(view?.state).toBe("failed");
    expect(view?.problem).toBe(
      "The workflow run ended with conclusion `failure`: https://github.com/acme/infra/actions/runs/77. Read its log, fix the cause, then comment `/provision prod` again.",
    );
    expect(view?.output).toContain("✗ apply: failure");
  });
});
