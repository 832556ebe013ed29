import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FakeGitHub } from "../../support/fake-github.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../../support/harness.ts";
import { post, waitForReply } from "../../support/job-thread.ts";
import { startGitHubFront } from "./github-front.ts";
import { type Sample, sampleValue, scrape, scrapeUntil, shipmateSeries } from "./scrape.ts";

const CONFIG = `environments:
  staging:
    deploy: echo deployed
  broken:
    deploy: "echo failing; exit 3"
  slow:
    deploy: 'while [ ! -f "$TEST_METRICS_DIR/go" ]; do sleep 0.05; done'
`;

// What the front tells Shipmate: the deployed commits were made an hour before each lookup.
const HOUR_MS = 3_600_000;
const RATE_LIMIT_REMAINING = 4321;

let app: Running;
let github: FakeGitHub;
let front: Awaited<ReturnType<typeof startGitHubFront>>;
let repo: LocalRepo;
let dir: string;
let first: string;
let second: string;
const commitLookups: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "shipmate-metrics-"));
  repo = createLocalRepo();
  // Made an hour ago: the lead time counts from the date of the commit the task checked out.
  const hourAgo = `@${Math.floor((Date.now() - HOUR_MS) / 1000)} +0000`;
  Object.assign(process.env, { GIT_AUTHOR_DATE: hourAgo, GIT_COMMITTER_DATE: hourAgo });
  first = repo.commit({ VERSION: "1\n" }, "first");
  second = repo.commit({ VERSION: "2\n" }, "second");
  delete process.env.GIT_AUTHOR_DATE;
  delete process.env.GIT_COMMITTER_DATE;
  github = new FakeGitHub();
  front = await startGitHubFront(await github.start(), {
    rateLimitRemaining: RATE_LIMIT_REMAINING,
    commitTime: () => {
      commitLookups.push(Date.now());
      return Date.now() - HOUR_MS;
    },
  });
  app = await startShipmate(
    { TASK_ENV: "TEST_METRICS_DIR", TEST_METRICS_DIR: dir },
    { github, githubHost: front.host },
  );
  github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write", bob: "write" },
    pulls: [
      { number: 7, headSha: first, headRef: "feature/one" },
      { number: 8, headSha: second, headRef: "feature/two" },
    ],
  });
});

afterAll(async () => {
  await app?.stop();
  await front?.stop();
  await github?.stop();
  repo?.remove();
  rmSync(dir, { recursive: true, force: true });
});

const jobs = (environment: string, state: string) => ({ task: "deploy", environment, state }) as const;

describe("GET /metrics", () => {
  test("shows Node's process metrics and every queue's depth, and times its own answers", async () => {
    await scrape(app.url);
    const samples = await scrape(app.url);
    expect(sampleValue(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sampleValue(samples, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(samples.some((s) => s.name.startsWith("nodejs_eventloop_lag"))).toBe(true);
    for (const queue of ["intake", "tasks", "reports"]) {
      for (const state of [
        "waiting",
        "active",
        "delayed",
        "prioritized",
        "waiting-children",
        "completed",
        "failed",
      ]) {
        expect(sampleValue(samples, "shipmate_queue_jobs", { queue, state }), `${queue} ${state}`).toBe(0);
      }
    }
    expect(sampleValue(samples, "shipmate_environment_leases")).toBe(0);
    expect(sampleValue(samples, "shipmate_environment_holds")).toBe(0);
    const scrapes = { route: "metrics", method: "GET", status: "2xx" };
    expect(sampleValue(samples, "shipmate_http_request_duration_seconds_count", scrapes)).toBe(1);
  });

  test("a delivery with a bad signature counts as invalid_signature; an unknown event name as other", async () => {
    const payload = prComment({ body: "/deploy staging" });
    expect((await sendWebhook(app.url, "issue_comment", payload, { secret: "not-the-secret" })).status).toBe(
      401,
    );
    expect((await sendWebhook(app.url, "made_up_event_9f3c", payload, { signature: null })).status).toBe(401);
    const samples = await scrape(app.url);
    const bad = (event: string) => ({ event, outcome: "invalid_signature" });
    expect(sampleValue(samples, "shipmate_webhooks_total", bad("issue_comment"))).toBe(1);
    expect(sampleValue(samples, "shipmate_webhooks_total", bad("other"))).toBe(1);
    expect(shipmateSeries(samples).join("\n")).not.toContain("made_up");
    const refused = { route: "github_webhooks", method: "POST", status: "4xx" };
    expect(sampleValue(samples, "shipmate_http_request_duration_seconds_count", refused)).toBe(2);
  });

  test("a deploy counts its delivery, its job, its durations, its lead time and its GitHub calls", async () => {
    const before = await scrape(app.url);
    const getsBefore =
      sampleValue(before, "shipmate_github_api_requests_total", { method: "GET", status: "2xx" }) ?? 0;
    await post(app, repo.cloneUrl, { login: "alice", pr: 7, body: "/deploy staging" });
    const samples = await scrapeUntil(
      app.url,
      (s) => sampleValue(s, "shipmate_deploy_lead_time_seconds_count", { environment: "staging" }) === 1,
      "the deploy's lead time",
    );
    expect(
      sampleValue(samples, "shipmate_webhooks_total", { event: "issue_comment", outcome: "accepted" }),
    ).toBe(1);
    expect(sampleValue(samples, "shipmate_jobs_total", jobs("staging", "succeeded"))).toBe(1);
    expect(sampleValue(samples, "shipmate_job_duration_seconds_count", jobs("staging", "succeeded"))).toBe(1);
    expect(
      sampleValue(samples, "shipmate_job_duration_seconds_sum", jobs("staging", "succeeded")),
    ).toBeLessThan(30);
    const wait = { task: "deploy", environment: "staging" };
    expect(sampleValue(samples, "shipmate_job_queue_wait_seconds_count", wait)).toBe(1);
    // The commit was made an hour before the test started; its date came from the checkout, not GitHub.
    const lead =
      sampleValue(samples, "shipmate_deploy_lead_time_seconds_sum", { environment: "staging" }) ?? 0;
    expect(lead).toBeGreaterThanOrEqual(HOUR_MS / 1000 - 1);
    expect(lead).toBeLessThan(HOUR_MS / 1000 + 30);
    expect(commitLookups).toHaveLength(0);
    const gets =
      sampleValue(samples, "shipmate_github_api_requests_total", { method: "GET", status: "2xx" }) ?? 0;
    expect(gets).toBeGreaterThan(getsBefore);
    expect(
      sampleValue(samples, "shipmate_github_api_requests_total", { method: "POST", status: "2xx" }),
    ).toBeGreaterThan(0);
    expect(sampleValue(samples, "shipmate_github_rate_limit_remaining")).toBe(RATE_LIMIT_REMAINING);
    expect(sampleValue(samples, "shipmate_queue_jobs", { queue: "tasks", state: "completed" })).toBe(1);
  });

  test("a failed deploy counts as failed, with no lead time and no commit lookup", async () => {
    await post(app, repo.cloneUrl, { login: "alice", pr: 7, body: "/deploy broken" });
    const samples = await scrapeUntil(
      app.url,
      (s) => sampleValue(s, "shipmate_jobs_total", jobs("broken", "failed")) === 1,
      "the failed deploy",
    );
    expect(sampleValue(samples, "shipmate_job_duration_seconds_count", jobs("broken", "failed"))).toBe(1);
    expect(
      sampleValue(samples, "shipmate_deploy_lead_time_seconds_count", { environment: "broken" }),
    ).toBeUndefined();
    expect(sampleValue(samples, "shipmate_jobs_total", jobs("staging", "succeeded"))).toBe(1);
    expect(commitLookups).toHaveLength(0);
  });

  test("a deploy of another commit by another person adds no series, only counts", async () => {
    const settled = (s: readonly Sample[]) =>
      ["waiting", "active", "delayed"].every(
        (state) => sampleValue(s, "shipmate_queue_jobs", { queue: "reports", state }) === 0,
      );
    const before = shipmateSeries(await scrapeUntil(app.url, settled, "reports to settle"));
    await post(app, repo.cloneUrl, { login: "bob", pr: 8, body: "/deploy staging" });
    const samples = await scrapeUntil(
      app.url,
      (s) =>
        sampleValue(s, "shipmate_deploy_lead_time_seconds_count", { environment: "staging" }) === 2 &&
        settled(s),
      "the second deploy to finish and be reported",
    );
    expect(sampleValue(samples, "shipmate_jobs_total", jobs("staging", "succeeded"))).toBe(2);
    expect(
      sampleValue(samples, "shipmate_webhooks_total", { event: "issue_comment", outcome: "accepted" }),
    ).toBe(3);
    const after = shipmateSeries(samples);
    expect(after).toEqual(before);
    const text = after.join("\n");
    for (const unbounded of [first, second, first.slice(0, 7), second.slice(0, 7), "bob", "alice", "acme"]) {
      expect(text).not.toContain(unbounded);
    }
  });

  test("a /lock and a running job show in the hold and lease gauges", async () => {
    await post(app, repo.cloneUrl, { login: "alice", pr: 7, body: "/lock staging release freeze" });
    await waitForReply(app, "alice", "staging");
    await scrapeUntil(app.url, (s) => sampleValue(s, "shipmate_environment_holds") === 1, "the hold");
    await post(app, repo.cloneUrl, { login: "alice", pr: 7, body: "/deploy slow" });
    await scrapeUntil(
      app.url,
      (s) => sampleValue(s, "shipmate_environment_leases") === 1,
      "the running job's lease",
    );
    writeFileSync(join(dir, "go"), "");
    const samples = await scrapeUntil(
      app.url,
      (s) => sampleValue(s, "shipmate_jobs_total", jobs("slow", "succeeded")) === 1,
      "the slow deploy to finish",
    );
    expect(existsSync(join(dir, "go"))).toBe(true);
    await scrapeUntil(app.url, (s) => sampleValue(s, "shipmate_environment_leases") === 0, "the lease to go");
    expect(sampleValue(samples, "shipmate_environment_holds")).toBe(1);
  });
});
