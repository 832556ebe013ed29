import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalRepo, type LocalRepo } from "../../test/support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../../test/support/harness.ts";
import type { BenchConfig } from "../support/bench-config.ts";
import { onCleanup } from "../support/cleanup.ts";

/** The environment each part of the line phase uses; the tasks write to `$DIR` (given through TASK_ENV). */
export const LINE_ENVIRONMENTS = { handOver: "staging", cancel: "qa", places: "demo" } as const;

// staging: each run notes when it starts and ends (ns), so hand-over gaps and overlaps can be read back.
// qa: a long task whose pid the bench watches. demo: long enough for a line to form behind it.
const CONFIG = `environments:
  staging:
    deploy: 'echo "start $SHIPMATE_PR $(date +%s%N)" >> $DIR/runs; echo "end $SHIPMATE_PR $(date +%s%N)" >> $DIR/runs'
  qa:
    deploy: 'echo $$ > $DIR/pid; sleep 60'
  demo:
    deploy: "sleep 2"
`;

/** The pull requests the line phase comments on: one per hand-over job, one for cancels, six for places. */
export const LINE_PULLS = {
  handOver: (i: number) => 101 + i,
  cancel: 200,
  places: (i: number) => 301 + i,
} as const;

/** Who comments on pull request `pr`: every pull request has its own writer. */
export function authorOf(pr: number): string {
  return `dev${pr}`;
}

/** A Shipmate whose tasks write into `dir`, with acme/shop's pull requests all on one commit. */
export interface LineApp {
  app: Running;
  repo: LocalRepo;
  dir: string;
  /** Sends `body` as comment `commentId` on `pr` by its writer; resolves with the status and when it was sent. */
  comment(pr: number, body: string, commentId: number): Promise<{ status: number; sentAt: number }>;
  stop(): Promise<void>;
}

/** Starts a fresh Shipmate (default TASK_LOCK_MS) for the environment-line figures. */
export async function startLineApp(config: BenchConfig, handOverJobs: number): Promise<LineApp> {
  const dir = mkdtempSync(join(tmpdir(), "shipmate-bench-line-"));
  const repo = createLocalRepo();
  const forgetFiles = onCleanup("line phase files", () => {
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });
  const sha = repo.commit({ "README.md": "bench\n" }, "bench");
  const env: Record<string, string> = { ROLE: config.role, TASK_ENV: "DIR", DIR: dir };
  if (config.workerConcurrency) env.WORKER_CONCURRENCY = config.workerConcurrency;
  if (config.logLevel) env.LOG_LEVEL = config.logLevel;
  const app = await startShipmate(env);
  const forgetApp = onCleanup("line phase shipmate", () => app.stop());
  app.github.latencyMs = config.githubLatencyMs;
  const pulls = [
    ...Array.from({ length: handOverJobs }, (_, i) => LINE_PULLS.handOver(i)),
    LINE_PULLS.cancel,
    ...Array.from({ length: 6 }, (_, i) => LINE_PULLS.places(i)),
  ];
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: Object.fromEntries(pulls.map((pr) => [authorOf(pr), "write"])),
    pulls: pulls.map((number) => ({ number, headSha: sha, headRef: `feature/${number}` })),
  });
  return {
    app,
    repo,
    dir,
    async comment(pr, body, commentId) {
      const payload = prComment({
        body,
        commentId,
        pullRequest: pr,
        login: authorOf(pr),
        cloneUrl: repo.cloneUrl,
      });
      const sentAt = Date.now();
      const response = await sendWebhook(app.url, "issue_comment", payload).catch(() => undefined);
      await response?.text();
      return { status: response?.status ?? 0, sentAt };
    },
    async stop() {
      await app.stop();
      forgetApp();
      repo.remove();
      rmSync(dir, { recursive: true, force: true });
      forgetFiles();
    },
  };
}
