import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { EnvironmentLines } from "../../../src/locks/environment-line.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../../support/harness.ts";
import { jobView, post, waitForDeploymentState, waitForStatus } from "../../support/job-thread.ts";
import { eventually, sleep } from "../../support/pr-thread.ts";
import { isRunning } from "../executors/process-helpers.ts";
import { spawnWorker, type WorkerProcess } from "./cancel-worker-process.ts";

// The first job holds staging for 30 s; one with `quick=1` ends at once. Each start is written down.
const CONFIG = `environments:
  staging:
    deploy: 'echo "start $SHIPMATE_PR" >> "$TEST_DEPLOY_OUT/runs"; if [ -n "\${SHIPMATE_PARAM_QUICK:-}" ]; then exit 0; fi; echo $$ >> "$TEST_DEPLOY_OUT/task.pid"; sleep 30'
`;
const TASK_LOCK_MS = 1_000;
// Far above what a lease of TASK_LOCK_MS needs: a slow machine must not fail the test, a lease that never lapses must.
const GENEROUS_MS = 15_000;

const out = mkdtempSync(join(tmpdir(), "shipmate-dead-line-"));
let web: Running | undefined;
let rescuer: Running | undefined;
let doomed: WorkerProcess | undefined;
let repo: LocalRepo | undefined;
let lease: ReturnType<typeof watchLease> | undefined;

afterAll(async () => {
  lease?.stop();
  doomed?.child.kill("SIGKILL");
  for (const pid of lines("task.pid").map(Number)) {
    if (pid > 0 && isRunning(pid)) process.kill(-pid, "SIGKILL");
  }
  await rescuer?.stop();
  await web?.stop();
  repo?.remove();
  rmSync(out, { recursive: true, force: true });
});

function lines(file: string): string[] {
  try {
    return readFileSync(join(out, file), "utf8").trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

test("a killed worker's job is reported interrupted, its lease lapses, and the job waiting behind it runs", async () => {
  repo = createLocalRepo();
  const sha = repo.commit({ README: "x\n" }, "first");
  web = await startShipmate({ ROLE: "web", TASK_LOCK_MS: String(TASK_LOCK_MS) });
  const app = web;
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write", bob: "write" },
    pulls: [7, 8].map((number) => ({ number, headSha: sha, headRef: `feature/${number}` })),
  });
  // The worker that dies is an OS process of its own, so that it can be killed the way a crashed one is.
  doomed = spawnWorker({ githubHost: app.githubHost, prefix: app.prefix, out, taskLockMs: TASK_LOCK_MS });

  const first = prComment({ body: "/deploy staging", commentId: 9001, cloneUrl: repo.cloneUrl });
  expect((await sendWebhook(app.url, "issue_comment", first)).status).toBe(202);
  await waitForStatus(app, "task-9001-1", /Deploying/, 30_000);
  const taskPid = await eventually(() => Number(lines("task.pid")[0]) || undefined, 10_000, "the task's pid");
  await post(app, repo.cloneUrl, { login: "bob", pr: 8, commentId: 9002, body: "/deploy staging quick=1" });
  await waitForStatus(
    app,
    "task-9002-1",
    /Next in line for \*\*staging\*\*, behind #7 by @alice \(running\)/,
  );

  // A healthy worker is already there to take over, as in a fleet where one process dies.
  rescuer = await startShipmate(
    {
      ROLE: "worker",
      TASK_LOCK_MS: String(TASK_LOCK_MS),
      SHIPMATE_REDIS_PREFIX: app.prefix,
      TASK_ENV: "TEST_DEPLOY_OUT",
      TEST_DEPLOY_OUT: out,
    },
    { github: app.github, githubHost: app.githubHost },
  );
  const repositoryId = (first.repository as unknown as { id: number }).id;
  lease = watchLease(new EnvironmentLines(app.redis, app.prefix), repositoryId, "task-9001-1");
  expect(await lease.holderNow()).toBe("task-9001-1");

  doomed.child.kill("SIGKILL");
  process.kill(-taskPid, "SIGKILL");
  const killedAt = Date.now();

  const interrupted = await waitForStatus(app, "task-9001-1", /interrupted/i, GENEROUS_MS);
  const interruptedAt = Date.now();
  expect(interrupted).toContain("does not re-run");
  await waitForDeploymentState(app, "task-9001-1", "error");
  await waitForStatus(app, "task-9002-1", /Deployed/, GENEROUS_MS);
  await waitForDeploymentState(app, "task-9002-1", "success");
  const freedAt = await lease.freed;
  const nextStartedAt = (await jobView(app, "task-9002-1"))?.startedAt ?? Number.NaN;

  console.log(
    `dead worker, TASK_LOCK_MS=${TASK_LOCK_MS}: kill → lease free ${freedAt - killedAt} ms, ` +
      `kill → next job started ${nextStartedAt - killedAt} ms, ` +
      `kill → interrupted reported ${interruptedAt - killedAt} ms`,
  );
  expect(freedAt - killedAt).toBeLessThan(GENEROUS_MS);
  expect(nextStartedAt - killedAt).toBeGreaterThan(0);
  expect(nextStartedAt - killedAt).toBeLessThan(GENEROUS_MS);
  expect(await jobView(app, "task-9001-1")).toMatchObject({ state: "interrupted" });

  // Give a wrongful second run of the first task the time to start before checking that none did.
  await sleep(2 * TASK_LOCK_MS + 500);
  expect(lines("runs")).toEqual(["start 7", "start 8"]);
  expect(lines("task.pid")).toHaveLength(1);
  expect((await jobView(app, "task-9001-1"))?.state).toBe("interrupted");
}, 60_000);

/**
 * Polls the environment's lease from now on: `freed` resolves at the first moment `job` no longer holds
 * it, or with NaN once stopped (or after a minute) while it still does.
 */
function watchLease(lines: EnvironmentLines, repositoryId: number, job: string) {
  const key = { repositoryId, environment: "staging" };
  const giveUpAt = Date.now() + 60_000;
  let stopped = false;
  const freed = (async () => {
    while (!stopped && Date.now() < giveUpAt) {
      const holder = await lines.holder(key).catch(() => job);
      if (holder !== job) return Date.now();
      await sleep(10);
    }
    return Number.NaN;
  })();
  return {
    freed,
    holderNow: () => lines.holder(key),
    stop() {
      stopped = true;
    },
  };
}
