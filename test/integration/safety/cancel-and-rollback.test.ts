import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AuditTrail } from "../../../src/audit/audit-trail.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import {
  deploymentOf,
  deploymentStates,
  jobView,
  post,
  waitForDeploymentState,
  waitForReply,
  waitForStatus,
} from "../../support/job-thread.ts";
import {
  deploymentsFor,
  eventually,
  reactionsOn,
  sleep,
  statusComment,
  waitForReactions,
} from "../../support/pr-thread.ts";
import { isRunning, readPid } from "../executors/process-helpers.ts";
import { CANCEL_CONFIG, commitHistory, type History, ROLES } from "./cancel-fixture.ts";
import { eventsOf, readRuns, release } from "./cancel-runs.ts";
import {
  ancestorsOf,
  spawnWorker,
  type WorkerProcess,
  waitForIntakeWorkers,
} from "./cancel-worker-process.ts";

const PULLS = [7, 11, 12, 13, 21, 22, 23, 24, 31, 41, 51, 61, 62];
const out = mkdtempSync(join(tmpdir(), "shipmate-cancel-"));
let web: Running;
let worker: Running;
let repo: LocalRepo;
let history: History;

// Webhooks go to a web-only instance; the one worker instance takes every command and runs every task.
beforeAll(async () => {
  repo = createLocalRepo();
  history = commitHistory(repo);
  const env = { TASK_ENV: "TEST_DEPLOY_OUT", TEST_DEPLOY_OUT: out, TASK_LOCK_MS: "2000" };
  web = await startShipmate({ ...env, ROLE: "web" });
  worker = await startShipmate(
    { ...env, ROLE: "worker", SHIPMATE_REDIS_PREFIX: web.prefix, WORKER_CONCURRENCY: "4" },
    { github: web.github, githubHost: web.githubHost },
  );
  const { a, b, c, d, head } = history;
  web.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CANCEL_CONFIG,
    roles: ROLES,
    pulls: PULLS.map((number) => ({ number, headSha: head, headRef: `feature/${number}` })),
    deployments: [
      { sha: a, ref: "v1", environment: "production", states: ["in_progress", "success", "inactive"] },
      { sha: b, ref: "v2", environment: "production", states: ["in_progress", "success", "inactive"] },
      { sha: c, ref: "v3", environment: "production", states: ["in_progress", "failure"] },
      { sha: d, ref: "v4", environment: "production", states: ["in_progress", "success"] },
      { sha: a, ref: "v1", environment: "canary", states: ["in_progress", "failure"] },
      { sha: d, ref: "v4", environment: "canary", states: ["in_progress", "success"] },
    ],
  });
});

afterAll(async () => {
  // Whatever a failed test left holding its environment ends now, so that the workers can close.
  release(out, "all");
  for (const name of ["forked-21", "forked-23"]) {
    for (const pid of [".task", ".child", ".script"].map((end) => readPid(join(out, `${name}${end}`)))) {
      if (pid !== undefined && isRunning(pid)) process.kill(pid, "SIGKILL");
    }
  }
  await worker?.stop();
  await web?.stop();
  repo?.remove();
  rmSync(out, { recursive: true, force: true });
});

async function say(pr: number, login: string, commentId: number, body: string): Promise<void> {
  await post(web, repo.cloneUrl, { login, pr, commentId, body });
}

async function started(run: string): Promise<void> {
  await eventually(() => eventsOf(out, run, "start")[0], 30_000, `${run} to start`);
}

async function pidOf(file: string): Promise<number> {
  return eventually(() => readPid(join(out, file)), 30_000, `the pid in ${file}`);
}

describe("/cancel", () => {
  test("a waiting job never runs, the thread says who cancelled it, its Deployment goes inactive and the line moves up", async () => {
    await say(11, "alice", 8101, "/deploy line");
    await started("line-11");
    await say(12, "bob", 8102, "/deploy line");
    await say(13, "carol", 8103, "/deploy line");
    await waitForStatus(
      web,
      "task-8102-1",
      /Next in line for \*\*line\*\*, behind #11 by @alice \(running\)\./,
    );
    await waitForStatus(web, "task-8103-1", /2nd in line for \*\*line\*\*, behind #12 by @bob\./);
    release(out, "line-13");

    await say(12, "maya", 8104, "/cancel");
    const reply = await waitForReply(web, "maya", "Cancelled `task-8102-1`");
    expect(reply).toContain("it will not run");
    const body = await waitForStatus(web, "task-8102-1", /Deploy cancelled/);
    expect(body).toContain("Cancelled by @maya");
    expect(body).toContain("Requested by @bob");
    expect(await jobView(web, "task-8102-1")).toMatchObject({ state: "cancelled", cancelledBy: "maya" });
    await waitForDeploymentState(web, "task-8102-1", "inactive");
    // The job that was behind it is now next, right behind the running one.
    await waitForStatus(
      web,
      "task-8103-1",
      /Next in line for \*\*line\*\*, behind #11 by @alice \(running\)\./,
    );
    const audit = await new AuditTrail(web.redis, web.prefix, createLogger("silent", [])).read({});
    expect(audit.find((e) => e.action === "cancel" && e.job === "task-8102-1")).toMatchObject({
      actor: "maya",
      outcome: "withdrawn",
      pullRequest: 12,
    });

    release(out, "line-11");
    await waitForStatus(web, "task-8103-1", /Deployed/);
    await waitForStatus(web, "task-8101-1", /Deployed/);
    const runs = readRuns(out).filter((e) => e.run.startsWith("line-"));
    expect(runs.map((e) => `${e.what} ${e.run}`)).toEqual([
      "start line-11",
      "end line-11",
      "start line-13",
      "end line-13",
    ]);
    expect(await deploymentStates(web, "task-8102-1")).not.toContain("in_progress");
  }, 60_000);

  test("a running task is stopped with its child process on the worker instance, and the next job in line starts", async () => {
    await say(21, "alice", 8201, "/deploy forked");
    const task = await pidOf("forked-21.task");
    const child = await pidOf("forked-21.child");
    const script = await pidOf("forked-21.script");
    for (const pid of [task, child, script]) expect(isRunning(pid)).toBe(true);
    await say(22, "bob", 8202, "/deploy forked quick=1");
    await waitForStatus(
      web,
      "task-8202-1",
      /Next in line for \*\*forked\*\*, behind #21 by @alice \(running\)/,
    );

    await say(21, "bob", 8203, "/cancel");
    const cancelledAt = Date.now();
    const reply = await waitForReply(web, "bob", "Stopping `task-8201-1`");
    expect(reply).toContain("its process is being stopped");
    await eventually(
      () => ([task, child, script].every((pid) => !isRunning(pid)) ? true : undefined),
      10_000,
      "the task, its shell and its child to be gone",
    );
    const body = await waitForStatus(web, "task-8201-1", /Deploy cancelled/);
    expect(body).toContain("Cancelled by @bob");
    expect(await jobView(web, "task-8201-1")).toMatchObject({ state: "cancelled", cancelledBy: "bob" });
    await waitForDeploymentState(web, "task-8201-1", "inactive");

    await waitForStatus(web, "task-8202-1", /Deployed/);
    const next = eventsOf(out, "forked-22", "start")[0];
    expect(next?.at).toBeGreaterThanOrEqual(cancelledAt - 50);
    expect(eventsOf(out, "forked-21", "end")).toEqual([]);
    expect(eventsOf(out, "forked-21", "start")).toHaveLength(1);
  }, 60_000);

  test("a cancel handled by another process stops the task in the worker process that runs it", async () => {
    // A pair of its own: a web instance and a worker in an OS process, which alone runs the task.
    const taskLockMs = 2_000;
    const front = await startShipmate(
      { ROLE: "web", TASK_LOCK_MS: String(taskLockMs) },
      { github: web.github, githubHost: web.githubHost },
    );
    const runner: WorkerProcess = spawnWorker({
      githubHost: web.githubHost,
      prefix: front.prefix,
      out,
      taskLockMs,
    });
    let other: Running | undefined;
    try {
      await post(front, repo.cloneUrl, { login: "alice", pr: 23, commentId: 8301, body: "/deploy forked" });
      const task = await pidOf("forked-23.task");
      const child = await pidOf("forked-23.child");
      expect(ancestorsOf(task)).toContain(runner.pid);

      // Another worker takes over new work while the first one drains (it finishes what it runs, then exits).
      other = await startShipmate(
        {
          ROLE: "worker",
          TASK_LOCK_MS: String(taskLockMs),
          SHIPMATE_REDIS_PREFIX: front.prefix,
          TASK_ENV: "TEST_DEPLOY_OUT",
          TEST_DEPLOY_OUT: out,
        },
        { github: web.github, githubHost: web.githubHost },
      );
      await waitForIntakeWorkers(front.prefix, 2);
      runner.child.kill("SIGTERM");
      // Once the draining process takes no more commands, the /cancel can only be handled by the other.
      await waitForIntakeWorkers(front.prefix, 1);
      expect(isRunning(task) && isRunning(child)).toBe(true);
      expect(runner.child.exitCode).toBeNull();

      await post(front, repo.cloneUrl, { login: "carol", pr: 23, commentId: 8302, body: "/cancel" });
      await waitForReply(front, "carol", "Stopping `task-8301-1`");
      await eventually(
        () => (!isRunning(task) && !isRunning(child) ? true : undefined),
        10_000,
        "the task and its child to be gone",
      );
      const body = await waitForStatus(front, "task-8301-1", /Deploy cancelled/);
      expect(body).toContain("Cancelled by @carol");
      expect(await jobView(front, "task-8301-1")).toMatchObject({ state: "cancelled", cancelledBy: "carol" });
      // With its task over, the draining worker ends by itself.
      expect(await Promise.race([runner.exited, sleep(15_000).then(() => "still running")])).toBe(0);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nworker stderr:\n${runner.stderr()}`);
    } finally {
      runner.child.kill("SIGKILL");
      await other?.stop();
      await front.stop();
    }
  }, 60_000);

  test("naming a job cancels only that one; naming none when several could be meant asks which", async () => {
    await say(31, "alice", 8401, "/deploy gated\n/deploy gated-eu");
    await waitForStatus(web, "task-8401-1", /Awaiting approval/);
    await waitForStatus(web, "task-8401-2", /Awaiting approval/);

    await say(31, "alice", 8402, "/cancel");
    const choices = await waitForReply(web, "alice", "Several jobs could be meant");
    expect(choices).toContain("/cancel task-8401-1");
    expect(choices).toContain("/cancel task-8401-2");

    await say(31, "alice", 8403, "/cancel task-8401-2");
    await waitForReply(web, "alice", "Cancelled `task-8401-2`");
    await waitForStatus(web, "task-8401-2", /Deploy cancelled/);
    expect((await jobView(web, "task-8401-1"))?.state).toBe("awaiting_approval");
    expect((await jobView(web, "task-8401-2"))?.state).toBe("cancelled");
  });

  test("someone with only read access cannot cancel another person's job", async () => {
    await say(31, "rita", 8404, "/cancel task-8401-1");
    const reply = await waitForReply(web, "rita", "did not run");
    expect(reply).toContain("`read`");
    expect(reply).toContain("needs `write`");
    expect(reply).toContain("@alice");
    expect(await waitForReactions(web, 8404, 2)).toEqual(["eyes", "-1"]);
    expect((await jobView(web, "task-8401-1"))?.state).toBe("awaiting_approval");
    expect(statusComment(web, "task-8401-1")).toMatch(/Awaiting approval/);

    // Its requester may.
    await say(31, "alice", 8405, "/cancel task-8401-1");
    await waitForReply(web, "alice", "Cancelled `task-8401-1`");
    await waitForStatus(web, "task-8401-1", /Deploy cancelled/);
    await waitForDeploymentState(web, "task-8401-1", "inactive");
  });

  test("with nothing to cancel, the reply says so", async () => {
    await say(41, "bob", 8501, "/cancel");
    expect(await waitForReply(web, "bob", "Nothing to cancel")).toContain(
      "no job from this pull request is waiting or running",
    );
    expect(await waitForReactions(web, 8501, 2)).toEqual(["eyes", "-1"]);
    await say(41, "bob", 8502, "/cancel task-999999-1");
    await waitForReply(web, "bob", "No job `task-999999-1` is waiting or running in this repository.");
    expect(reactionsOn(web, 8502)).toContain("eyes");
  });
});

test("latest wins: a second /deploy of a pull request replaces its own waiting job, and only the newer runs", async () => {
  await say(51, "bob", 8601, "/deploy latest");
  await started("latest-51");
  await say(7, "alice", 8602, "/deploy latest n=1");
  await waitForStatus(web, "task-8602-1", /Next in line for \*\*latest\*\*/);
  await say(7, "alice", 8603, "/deploy latest n=2");

  const older = await waitForStatus(web, "task-8602-1", /Deploy cancelled/);
  expect(older).toContain("Replaced by a newer");
  expect(older).toContain("task-8603-1");
  await waitForDeploymentState(web, "task-8602-1", "inactive");
  await waitForStatus(web, "task-8603-1", /Next in line for \*\*latest\*\*, behind #51 by @bob \(running\)/);

  release(out, "latest-7-2");
  release(out, "latest-51");
  await waitForStatus(web, "task-8603-1", /Deployed/);
  const runs = readRuns(out).filter((e) => e.run.startsWith("latest-"));
  expect(runs.map((e) => `${e.what} ${e.run}`)).toEqual([
    "start latest-51",
    "end latest-51",
    "start latest-7-2",
    "end latest-7-2",
  ]);
}, 60_000);

describe("/rollback", () => {
  test("deploys the last successful deployment before the current one, skipping a failed one", async () => {
    const { b, d } = history;
    await say(61, "maya", 8701, "/rollback production");
    const body = await waitForStatus(web, "task-8701-1", /Rolled back/);
    expect(body).toMatch(new RegExp(`Rolled back from \\S*${d.slice(0, 7)}`));
    expect(body).toContain(b.slice(0, 7));
    const created = deploymentsFor(web, "task-8701-1");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ ref: b, environment: "production" });
    expect(await deploymentOf(web, "task-8701-1")).toMatchObject({
      sha: b,
      ref: b,
      environment: "production",
    });
    await waitForDeploymentState(web, "task-8701-1", "success");
    expect(readFileSync(join(out, "production.sha"), "utf8").trim()).toBe(b);
    expect(readFileSync(join(out, "production.ref"), "utf8").trim()).toBe("v2");
    expect(readFileSync(join(out, "production.version"), "utf8").trim()).toBe("B");
    expect(await jobView(web, "task-8701-1")).toMatchObject({ sha: b, rollback: { fromSha: d } });
  });

  test("with only one successful deployment, it is refused with a reply that says why", async () => {
    await say(62, "alice", 8702, "/rollback canary");
    const reply = await waitForReply(web, "alice", "/rollback canary");
    expect(reply).toContain("only one successful deployment");
    expect(reply).toContain("/deploy <ref> to canary");
    expect(await waitForReactions(web, 8702, 2)).toEqual(["eyes", "-1"]);
    const canary = web.github
      .callsMatching(/^POST \/repos\/acme\/shop\/deployments$/)
      .filter((c) => (c.body as { environment?: string }).environment === "canary");
    expect(canary).toEqual([]);
    expect(await jobView(web, "task-8702-1")).toBeUndefined();
  });
});
