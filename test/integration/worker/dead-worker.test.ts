import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import {
  prComment,
  REDIS_URL,
  type Running,
  sendWebhook,
  startShipmate,
  testPrivateKey,
  WEBHOOK_SECRET,
} from "../../support/harness.ts";
import { eventually } from "../../support/pr-thread.ts";
import { isRunning } from "../executors/process-helpers.ts";

const CONFIG = `environments:
  staging:
    deploy: 'echo started; echo $$ >> "$TEST_DEPLOY_OUT/task.pid"; sleep 30'
`;

let web: Running | undefined;
let rescuer: Running | undefined;
let worker: ChildProcess | undefined;
let repo: LocalRepo | undefined;
const out = mkdtempSync(join(tmpdir(), "shipmate-dead-worker-"));

afterAll(async () => {
  worker?.kill("SIGKILL");
  const pid = Number(readFileSafe(join(out, "task.pid")).split("\n")[0]);
  if (pid > 0 && isRunning(pid)) process.kill(-pid, "SIGKILL");
  await rescuer?.stop();
  await web?.stop();
  repo?.remove();
  rmSync(out, { recursive: true, force: true });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

test("a task whose worker is killed is reported interrupted, with an error status, and not run again", async () => {
  repo = createLocalRepo();
  const sha = repo.commit({ README: "x\n" }, "first");
  web = await startShipmate({ ROLE: "web", TASK_LOCK_MS: "1000" });
  web.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: sha, headRef: "feature/x" }],
  });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    APP_ID: "1",
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET,
    GHE_HOST: web.githubHost,
    GHE_PROTOCOL: "http",
    REDIS_URL,
    SHIPMATE_REDIS_PREFIX: web.prefix,
    TASK_LOCK_MS: "1000",
    TASK_ENV: "TEST_DEPLOY_OUT",
    TEST_DEPLOY_OUT: out,
    LOG_LEVEL: "silent",
  };
  // A worker of its own, as an OS process, so that it can die the way a crashed worker does.
  worker = spawn(process.execPath, ["src/main/cli.ts", "worker"], { env, stdio: "ignore" });

  const payload = prComment({ body: "/deploy staging", commentId: 5001, cloneUrl: repo.cloneUrl });
  expect((await sendWebhook(web.url, "issue_comment", payload)).status).toBe(202);
  const github = web.github;
  await eventually(
    () => [...github.comments.values()].some((c) => c.body.includes("Deploying")) || undefined,
    30_000,
    "running",
  );
  const taskPid = await eventually(
    () => Number(readFileSafe(join(out, "task.pid")).split("\n")[0]) || undefined,
    5_000,
    "task pid",
  );

  worker.kill("SIGKILL");
  process.kill(-taskPid, "SIGKILL");
  const killedAt = Date.now();

  rescuer = await startShipmate(
    { ROLE: "worker", TASK_LOCK_MS: "1000", SHIPMATE_REDIS_PREFIX: web.prefix },
    { github, githubHost: web.githubHost },
  );
  const body = await eventually(
    () =>
      [...github.comments.values()].find((c) => c.body.includes("task-5001-1") && /interrupted/i.test(c.body))
        ?.body,
    15_000,
    "the interrupted report",
  );
  expect(body).toContain("does not re-run");
  expect(Date.now() - killedAt).toBeLessThan(10_000);
  await eventually(
    () =>
      github
        .callsMatching(/deployments\/\d+\/statuses$/)
        .some((c) => (c.body as { state: string }).state === "error") || undefined,
    5_000,
    "the error status",
  );
  // Give a wrongful re-run the time to start before checking that none did.
  await new Promise((r) => setTimeout(r, 1_500));
  const starts = readFileSafe(join(out, "task.pid")).trim().split("\n");
  expect(starts).toHaveLength(1);
}, 60_000);
