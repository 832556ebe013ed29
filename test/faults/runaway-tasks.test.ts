import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runTaskProcess } from "../../src/executors/process/run-task-process.ts";
import { JOB_LOG_CAP_BYTES, JobLogs } from "../../src/queue/job-logs.ts";
import { JobRecords } from "../../src/queue/job-records.ts";
import { createSecretMasker } from "../../src/shared/secret-masker.ts";
import { recordFigure } from "../support/figures.ts";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../support/harness.ts";
import { eventually, statusComment } from "../support/pr-thread.ts";
import { helpLatencies, percentile } from "./support/runaway-latency.ts";
import { killLeftovers, pidFiles, stillRunning } from "./support/runaway-processes.ts";

const FLOOD_BYTES = 50 * 1024 * 1024;
// Each task writes the pid of every process it starts to $RUNAWAY_OUT, so the test can look for them after.
// `deaf` and its child ignore SIGTERM. Of the `forks`: the orphan of a double fork stays in the group; the
// setsid child leaves it but stays in the workspace; the daemon leaves both, keeping only the environment.
// The timeouts leave time to measure webhooks while all three run, on a busy machine too.
const CONFIG = `environments:
  deaf:
    deploy:
      run: |
        trap '' TERM
        echo $$ > "$RUNAWAY_OUT/deaf-shell.pid"
        sleep 60 &
        echo $! > "$RUNAWAY_OUT/deaf-sleep.pid"
        echo "ignoring SIGTERM"
        wait
      timeout: 15s
  forks:
    deploy:
      run: |
        echo $$ > "$RUNAWAY_OUT/forks-shell.pid"
        (sleep 60 & echo $! > "$RUNAWAY_OUT/forks-orphan.pid")
        setsid sh -c 'echo $$ > "$RUNAWAY_OUT/forks-setsid.pid"; exec sleep 60' &
        (setsid sh -c 'echo $$ > "$RUNAWAY_OUT/forks-daemon.pid"; cd /; exec sleep 60' < /dev/null > /dev/null 2>&1 &)
        echo "forked"
        sleep 60
      timeout: 15s
  flood:
    deploy:
      run: |
        echo $$ > "$RUNAWAY_OUT/flood-shell.pid"
        yes "a line of a flood of output that never seems to end" | head -c ${FLOOD_BYTES}
        sleep 60
      timeout: 15s
`;
const TASKS = { deaf: 8_001, forks: 8_002, flood: 8_003 } as const;
type TaskName = keyof typeof TASKS;
const TASK_NAMES = Object.keys(TASKS) as TaskName[];
const PIDS = [
  "deaf-shell",
  "deaf-sleep",
  "forks-shell",
  "forks-orphan",
  "forks-setsid",
  "forks-daemon",
  "flood-shell",
];
const DELIVERIES = 200;
const CONCURRENCY = 4;

function taskId(name: TaskName): string {
  return `task-${TASKS[name]}-1`;
}

let app: Running;
let repo: LocalRepo;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "shipmate-runaway-"));
  repo = createLocalRepo();
  const sha = repo.commit({ README: "x\n" }, "first");
  // Output reaches the job's record at production's pace (every 5 s), not the other tests' 50 ms.
  app = await startShipmate(
    {
      TASK_ENV: "RUNAWAY_OUT",
      RUNAWAY_OUT: out,
      PUBLIC_URL: "https://shipmate.example.test",
      WORKER_CONCURRENCY: "4",
    },
    { outputFlushMs: 5_000 },
  );
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [
      { number: 7, headSha: sha, headRef: "feature/x" },
      { number: 9, headSha: sha, headRef: "feature/help" },
    ],
  });
});

afterAll(async () => {
  if (out) killLeftovers(pidFiles(out));
  await app?.stop();
  repo?.remove();
  if (out) rmSync(out, { recursive: true, force: true });
});

test("tasks that ignore SIGTERM, fork away or print 50 MB: all stopped at the timeout, log capped, webhooks still quick", async (context) => {
  const records = new JobRecords(app.redis, app.prefix);
  const stateOf = async (name: TaskName) => (await records.load(taskId(name)))?.view.state;

  await helpLatencies(app.url, 50, CONCURRENCY, 100_000);
  const before = await helpLatencies(app.url, DELIVERIES, CONCURRENCY, 200_000);

  for (const name of TASK_NAMES) {
    const payload = prComment({ body: `/deploy ${name}`, commentId: TASKS[name], cloneUrl: repo.cloneUrl });
    expect((await sendWebhook(app.url, "issue_comment", payload)).status).toBe(202);
  }
  const pids = await eventually(
    () => {
      const found = pidFiles(out);
      return PIDS.every((name) => found.has(name)) ? found : undefined;
    },
    20_000,
    "every task process to start",
  );
  const during = await helpLatencies(app.url, DELIVERIES, CONCURRENCY, 300_000);
  // The measure is only worth something if it was taken while all three still ran.
  for (const name of TASK_NAMES) expect(await stateOf(name)).toBe("running");

  for (const name of TASK_NAMES) {
    await expect.poll(() => stateOf(name), { timeout: 30_000, interval: 100 }).toBe("timed_out");
  }
  const left = stillRunning(pids);
  expect(left).toEqual([]);

  // The flood's log holds its last MiB, and both its comment and its page say the rest was dropped.
  const log = await new JobLogs(app.redis, app.prefix).read(taskId("flood"));
  const keptBytes = Buffer.byteLength(log?.text ?? "");
  const droppedBytes = log?.droppedBytes ?? 0;
  expect(keptBytes).toBeLessThanOrEqual(JOB_LOG_CAP_BYTES);
  expect(keptBytes).toBeGreaterThan(JOB_LOG_CAP_BYTES - 4_096);
  expect(droppedBytes).toBeGreaterThan(FLOOD_BYTES - JOB_LOG_CAP_BYTES - 4_096);
  const comment = await eventually(
    () => {
      const body = statusComment(app, taskId("flood"));
      return body?.includes("timed out") ? body : undefined;
    },
    15_000,
    "the flood's final comment",
  );
  expect(comment).toMatch(/earlier lines not shown, and [\d,]+ bytes before them were not kept/);
  const link = /\[Full log\]\((https:[^)\s]+)\)/.exec(comment)?.[1];
  if (link === undefined) throw new Error(`no Full log link in:\n${comment}`);
  const page = await fetch(`${app.url}${new URL(link).pathname}${new URL(link).search}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(
    `Only the last 1 MiB of a log is kept: the first ${droppedBytes.toLocaleString("en-US")} bytes of this one were dropped.`,
  );

  const p99Before = percentile(before, 99);
  const p99During = percentile(during, 99);
  recordFigure(context, "processes left (of 7 started)", left.length);
  recordFigure(context, "flood log bytes kept / printed", `${keptBytes} / ${keptBytes + droppedBytes}`);
  recordFigure(context, "webhook p99 before the tasks (ms)", p99Before);
  recordFigure(context, "webhook p99 while they ran (ms)", p99During);
  expect(p99During).toBeLessThan(Math.max(5 * p99Before, p99Before + 300));
}, 60_000);

test("a flood waits for the server: while its event loop is busy, the task is held on its pipe", async (context) => {
  const finished = join(out, "flood-finished");
  let blocked = false;
  let finishedWhileBlocked = false;
  let handled = 0;
  const result = await runTaskProcess({
    command: {
      kind: "shell",
      script: `head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' a; echo; touch "${finished}"`,
    },
    cwd: out,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    timeoutMs: 30_000,
    masker: createSecretMasker(["a-secret-to-look-for"]),
    onOutput: (chunk) => {
      handled += chunk.length;
      if (blocked) return;
      blocked = true;
      // A server too busy to handle output for a while (answering webhooks, say): the launcher holds
      // at most its window of it, and the task waits, instead of 50 MB piling up in memory.
      const until = performance.now() + 1_500;
      while (performance.now() < until) {
        // Busy on purpose.
      }
      finishedWhileBlocked = existsSync(finished);
    },
  });
  expect(result.kind).toBe("exited");
  expect(handled).toBeGreaterThan(FLOOD_BYTES);
  expect(finishedWhileBlocked).toBe(false);
  recordFigure(context, "flood finished while the server was busy", finishedWhileBlocked ? "yes" : "no");
}, 60_000);
