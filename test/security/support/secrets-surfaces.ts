import { Queue } from "bullmq";
import { isFinal } from "../../../src/jobs/job-view.ts";
import { JobRecords } from "../../../src/queue/job-records.ts";
import { QUEUE_NAMES } from "../../../src/queue/queue-names.ts";
import type { FakeSlack } from "../../support/fake-slack.ts";
import type { Running } from "../../support/harness.ts";
import { sleep } from "../../support/pr-thread.ts";
import type { Surface } from "./secrets-search.ts";

/** Where a reader meets what Shipmate says about a job, in the order the report lists them. */
export const SURFACES = [
  "PR comments and their edits",
  "check runs",
  "Deployments and their statuses",
  "every other GitHub API request",
  "Slack messages",
  "job pages",
  "logs",
  "Redis (records, logs, queues)",
] as const;
export type SurfaceName = (typeof SURFACES)[number];

/** Every string inside a JSON value, keys included. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  }
  return value === undefined || value === null ? [] : [String(value)];
}

const GITHUB_SURFACES: [SurfaceName, RegExp][] = [
  ["PR comments and their edits", /^(POST \S+\/issues\/\d+\/comments|PATCH \S+\/issues\/comments\/\d+)$/],
  ["check runs", /^(POST|PATCH) \S+\/check-runs(\/\d+)?$/],
  ["Deployments and their statuses", /^POST \S+\/deployments(\/\d+\/statuses)?$/],
];

/** Collects every surface once the jobs are reported; `jobIds` are fetched as job pages with `auth`. */
export async function collectSurfaces(
  app: Running,
  slack: FakeSlack,
  logLines: readonly string[],
  jobIds: readonly string[],
  auth: string,
): Promise<Map<SurfaceName, Surface>> {
  const texts = new Map<SurfaceName, string[]>(SURFACES.map((name) => [name, []]));
  for (const call of app.github.calls) {
    const line = `${call.method} ${call.path}`;
    const name =
      GITHUB_SURFACES.find(([, pattern]) => pattern.test(line))?.[0] ?? "every other GitHub API request";
    texts.get(name)?.push(call.path, ...stringsIn(call.body));
  }
  // The bearer token a call carried is how Shipmate talks to Slack, not something Slack shows.
  texts.get("Slack messages")?.push(...slack.calls.flatMap((call) => [call.method, ...stringsIn(call.body)]));
  for (const id of jobIds) {
    const page = await fetch(`${app.url}/jobs/${id}`, { headers: { authorization: auth } });
    if (page.status !== 200) throw new Error(`the job page of ${id} answered ${page.status}`);
    texts.get("job pages")?.push(await page.text());
  }
  texts.get("logs")?.push(...logLines);
  texts.get("Redis (records, logs, queues)")?.push(...(await redisContents(app)));
  return new Map(SURFACES.map((name) => [name, { name, texts: texts.get(name) ?? [] }]));
}

/** Every key under the app's prefix and what it holds, whatever its type. */
async function redisContents(app: Running): Promise<string[]> {
  const keys = await app.redis.keys(`${app.prefix}*`);
  const contents = await Promise.all(
    keys.map(async (key): Promise<string[]> => {
      switch (await app.redis.type(key)) {
        case "string":
          return [(await app.redis.get(key)) ?? ""];
        case "hash":
          return stringsIn(await app.redis.hgetall(key));
        case "list":
          return app.redis.lrange(key, 0, -1);
        case "set":
          return app.redis.smembers(key);
        case "zset":
          return app.redis.zrange(key, "0", "-1");
        case "stream":
          return stringsIn(await app.redis.xrange(key, "-", "+"));
        default:
          return [];
      }
    }),
  );
  return [...keys, ...contents.flat()];
}

/**
 * Waits until every job has ended and each of its mirrors shows its last version (status comment,
 * Deployment, check run, Slack message), with nothing left in the report queue.
 */
export async function waitUntilReported(app: Running, ids: readonly string[]): Promise<void> {
  const records = new JobRecords(app.redis, app.prefix);
  const reports = new Queue(QUEUE_NAMES.reports, { connection: app.redis, prefix: app.prefix });
  const reported = async (id: string): Promise<boolean> => {
    const record = await records.load(id);
    if (record === undefined || !isFinal(record.view.state)) return false;
    const { targets, marks, version } = record;
    const shows = (mark: string) => Number(marks[mark] ?? 0) === version;
    return (
      (targets.pullRequest === undefined || shows("commentVersion")) &&
      (targets.checkRun === undefined || shows("checkRunVersion")) &&
      (targets.slack === undefined || shows("slackVersion")) &&
      (targets.commentId === undefined || marks.finalReaction !== undefined)
    );
  };
  const pending = async (): Promise<string[]> => {
    const states = await Promise.all(ids.map(async (id) => ((await reported(id)) ? [] : [id])));
    const counts = await reports.getJobCounts("waiting", "active", "delayed", "prioritized");
    const queued = Object.values(counts).some((count) => count > 0) ? ["the report queue"] : [];
    return [...states.flat(), ...queued];
  };
  try {
    const deadline = Date.now() + 30_000;
    let left = await pending();
    while (left.length > 0) {
      if (Date.now() > deadline) throw new Error(`not reported in time: ${left.join(", ")}`);
      await sleep(50);
      left = await pending();
    }
  } finally {
    await reports.close();
  }
}
