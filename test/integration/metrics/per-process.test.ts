import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { FakeGitHub } from "../../support/fake-github.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { post } from "../../support/job-thread.ts";
import { type Sample, sampleValue, scrape } from "./scrape.ts";

// One web process and two workers on one Redis, as `ROLE=web` and `ROLE=worker` run them: each exposes
// the counters of what it did itself, and Prometheus adds them up.
let github: FakeGitHub;
let web: Running;
let workers: Running[];
let repo: LocalRepo;

beforeAll(async () => {
  repo = createLocalRepo();
  const sha = repo.commit({ VERSION: "1\n" }, "first");
  github = new FakeGitHub();
  const githubHost = await github.start();
  const prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
  const shared = { github, githubHost };
  web = await startShipmate({ ROLE: "web", SHIPMATE_REDIS_PREFIX: prefix }, shared);
  workers = [
    await startShipmate({ ROLE: "worker", SHIPMATE_REDIS_PREFIX: prefix }, shared),
    await startShipmate({ ROLE: "worker", SHIPMATE_REDIS_PREFIX: prefix, WORKER_HOST: "0.0.0.0" }, shared),
  ];
  github.addRepo({
    owner: "acme",
    name: "shop",
    config: "environments:\n  staging:\n    deploy: echo deployed\n",
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: sha, headRef: "feature/one" }],
  });
});

afterAll(async () => {
  for (const app of [web, ...(workers ?? [])]) await app?.stop();
  await github?.stop();
  repo?.remove();
});

const succeeded = { task: "deploy", environment: "staging", state: "succeeded" };
const named = (samples: readonly Sample[], name: string) => samples.filter((s) => s.name === name);

test("a worker serves /metrics on 127.0.0.1 unless WORKER_HOST says otherwise", () => {
  const host = (app: Running) => (app.shipmate.server.address() as AddressInfo).address;
  expect(host(workers[0] as Running)).toBe("127.0.0.1");
  expect(host(workers[1] as Running)).toBe("0.0.0.0");
});

test("the web process counts the delivery, the worker that ran the job counts the job", async () => {
  await post(web, repo.cloneUrl, { login: "alice", pr: 7, body: "/deploy staging" });
  const total = (all: readonly Sample[][]) =>
    all.reduce((sum, samples) => sum + (sampleValue(samples, "shipmate_jobs_total", succeeded) ?? 0), 0);
  let perWorker: Sample[][] = [];
  const deadline = Date.now() + 20_000;
  while (total(perWorker) !== 1 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    perWorker = await Promise.all(workers.map((worker) => scrape(worker.url)));
  }
  expect(total(perWorker)).toBe(1);

  const webSamples = await scrape(web.url);
  expect(
    sampleValue(webSamples, "shipmate_webhooks_total", { event: "issue_comment", outcome: "accepted" }),
  ).toBe(1);
  expect(named(webSamples, "shipmate_jobs_total")).toEqual([]);
  // The web side made no GitHub call, so it knows nothing of the rate limit: no sample, rather than a 0.
  expect(named(webSamples, "shipmate_github_api_requests_total")).toEqual([]);
  expect(named(webSamples, "shipmate_github_rate_limit_remaining")).toEqual([]);
  for (const samples of perWorker) expect(named(samples, "shipmate_webhooks_total")).toEqual([]);
  // Queue depth is read from the shared Redis: every process shows the same counts.
  const completed = { queue: "tasks", state: "completed" };
  expect(sampleValue(webSamples, "shipmate_queue_jobs", completed)).toBe(1);
});
