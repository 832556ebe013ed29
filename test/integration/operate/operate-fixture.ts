import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import type { AuditEvent } from "../../../src/audit/audit-event.ts";
import type { JobView } from "../../../src/jobs/job-view.ts";
import { JobRecords } from "../../../src/queue/job-records.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { prComment, sendWebhook } from "../../support/harness.ts";
import { type Cluster, clusterEnv } from "./shipmate-process.ts";

const SHIPMATE_BIN = fileURLToPath(new URL("../../../bin/shipmate.js", import.meta.url));

/**
 * A deploy that tells the test it started (its pid, and the pid of a child in its process group), then
 * waits until the test writes `<out>/release-<pr>`, and appends `<pr> <worker>` to `<out>/runs` as it ends.
 */
export const DEPLOY_SCRIPT = `#!/bin/sh
out="$TEST_OUT"
sleep 300 &
echo $! > "$out/child-$SHIPMATE_PR.pid"
echo $$ > "$out/task-$SHIPMATE_PR.pid"
echo "started $SHIPMATE_PR"
while [ ! -f "$out/release-$SHIPMATE_PR" ] && [ ! -f "$out/release-all" ]; do sleep 0.05; done
kill $! 2>/dev/null
echo "$SHIPMATE_PR \${TEST_WORKER:-any}" >> "$out/runs"
echo "deployed $SHIPMATE_PR"
`;

/** A repository on disk with the deploy above, pull requests 1..`pulls` on its head, and the fake GitHub told. */
export function seedRepository(
  cluster: Cluster,
  options: { pulls: number; lock?: boolean; roles?: Record<string, string> },
): { repo: LocalRepo; sha: string; out: string } {
  const repo = createLocalRepo();
  const sha = repo.commit({ "deploy.sh": DEPLOY_SCRIPT }, "deploy script");
  const lock = options.lock === false ? "\n    lock: false" : "";
  cluster.github.addRepo({
    owner: "acme",
    name: "shop",
    config: `environments:\n  staging:\n    deploy: ./deploy.sh${lock}\n  production:\n    deploy: ./deploy.sh\n    require:\n      permission: maintain\n`,
    roles: options.roles ?? { alice: "write", bob: "read" },
    pulls: Array.from({ length: options.pulls }, (_, i) => ({
      number: i + 1,
      headSha: sha,
      headRef: `feature/${i + 1}`,
    })),
  });
  const out = mkdtempSync(join(tmpdir(), "shipmate-ops-out-"));
  return { repo, sha, out };
}

/** Comments `body` on pull request `pr` as `login`; the task id is `task-<commentId>-1`. */
export async function comment(
  url: string,
  repo: LocalRepo,
  input: { body: string; pr: number; commentId: number; login?: string },
): Promise<Response> {
  const payload = prComment({
    body: input.body,
    commentId: input.commentId,
    pullRequest: input.pr,
    cloneUrl: repo.cloneUrl,
    login: input.login ?? "alice",
  });
  return sendWebhook(url, "issue_comment", payload);
}

/** A number the task wrote to `<out>/<name>`, once the whole line is there. */
export function readNumber(out: string, name: string): number | undefined {
  try {
    const text = readFileSync(join(out, name), "utf8");
    return text.endsWith("\n") ? Number(text.trim()) : undefined;
  } catch {
    return undefined;
  }
}

/** The `<pr> <worker>` lines the deploys wrote as they ended. */
export function runs(out: string): { pr: number; worker: string }[] {
  let text = "";
  try {
    text = readFileSync(join(out, "runs"), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [pr, worker] = line.split(" ");
      return { pr: Number(pr), worker: worker ?? "" };
    });
}

/** The job records of a cluster, read straight from its Redis. */
export function jobViews(cluster: Cluster): {
  load(id: string): Promise<JobView | undefined>;
  close(): void;
} {
  const redis = new Redis(cluster.redisUrl);
  // Tests read through a Redis outage: errors surface as failed reads, not as unhandled events.
  redis.on("error", () => {});
  const records = new JobRecords(redis, cluster.prefix);
  return {
    load: async (id) => (await records.load(id))?.view,
    close: () => redis.disconnect(),
  };
}

/** Runs `shipmate audit <args>` against the cluster's Redis and prefix. */
export function auditCli(cluster: Cluster, args: readonly string[]) {
  return spawnSync(process.execPath, [SHIPMATE_BIN, "audit", ...args], {
    cwd: tmpdir(),
    env: clusterEnv(cluster),
    encoding: "utf8",
    timeout: 20_000,
  });
}

/** The events `shipmate audit --json <args>` printed. */
export function auditEvents(cluster: Cluster, args: readonly string[] = []): AuditEvent[] {
  const result = auditCli(cluster, ["--json", ...args]);
  if (result.status !== 0) throw new Error(`shipmate audit failed: ${result.stderr}`);
  return result.stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as AuditEvent);
}

/** Waits until the async `read()` gives something; fails naming `what` when it never does. */
export async function until<T>(
  read: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
