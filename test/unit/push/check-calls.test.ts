import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { CheckCalls } from "../../../src/github/check-calls.ts";
import { createProbot, githubClientFactory } from "../../../src/github/create-probot.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { FakeGitHub } from "../../support/fake-github.ts";
import { testPrivateKey } from "../../support/harness.ts";

// The check-run calls as Shipmate builds them (Probot, installation token), against the fake GitHub.
const fake = new FakeGitHub();
let client: CheckCalls;
const REPO = { owner: "acme", repo: "shop" };
const SHA = "c0ffee".padEnd(40, "0");

beforeAll(async () => {
  const host = await fake.start();
  const probot = createProbot(
    { appId: "1", privateKey: testPrivateKey(), webhookSecret: "secret", baseUrl: `http://${host}/api/v3` },
    createLogger("silent", []),
  );
  client = await githubClientFactory(probot)(1);
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.calls.length = 0;
  fake.repos.clear();
  fake.deployments.clear();
  fake.createdCheckRuns.clear();
  fake.addRepo({ owner: "acme", name: "shop" });
});

describe("createCheckRun and updateCheckRun", () => {
  test("send what GitHub's Checks API takes: ISO times, annotations on one line, no empty fields", async () => {
    const id = await client.createCheckRun(REPO, {
      name: "lint",
      headSha: SHA,
      status: "in_progress",
      conclusion: undefined,
      startedAt: Date.UTC(2030, 0, 2, 3, 4, 5),
      completedAt: undefined,
      output: { title: "Running", summary: "`lint` is running.", text: undefined, annotations: [] },
    });
    await client.updateCheckRun(REPO, id, {
      status: "completed",
      conclusion: "failure",
      startedAt: undefined,
      completedAt: Date.UTC(2030, 0, 2, 3, 5, 0),
      output: {
        title: "Failed",
        summary: "`lint` failed.",
        text: "```\nout\n```",
        annotations: [
          { path: "src/a.ts", line: 3, column: undefined, level: "failure", message: "bad" },
          { path: "src/a.ts", line: 7, column: 5, level: "warning", message: "meh" },
        ],
      },
    });
    const [created, updated] = fake.callsMatching(/check-runs/).map((call) => call.body);
    expect(created).toEqual({
      name: "lint",
      head_sha: SHA,
      status: "in_progress",
      started_at: "2030-01-02T03:04:05.000Z",
      output: { title: "Running", summary: "`lint` is running." },
    });
    expect(updated).toEqual({
      status: "completed",
      conclusion: "failure",
      completed_at: "2030-01-02T03:05:00.000Z",
      output: {
        title: "Failed",
        summary: "`lint` failed.",
        text: "```\nout\n```",
        annotations: [
          { path: "src/a.ts", start_line: 3, end_line: 3, annotation_level: "failure", message: "bad" },
          {
            path: "src/a.ts",
            start_line: 7,
            end_line: 7,
            start_column: 5,
            end_column: 5,
            annotation_level: "warning",
            message: "meh",
          },
        ],
      },
    });
    expect(fake.createdCheckRuns.get(id)?.conclusion).toBe("failure");
  });
});

describe("listDeploymentOrigins", () => {
  test("newest first, with the pull request and the job Shipmate wrote into each payload", async () => {
    const now = Date.now();
    const seeds = [
      { payload: { pullRequest: 7, job: "task-1-1" }, createdAt: now - 30_000 },
      { payload: { job: "task-auto-d1-1" }, createdAt: now - 20_000 },
      { payload: "made by hand", createdAt: now - 10_000 },
      { payload: { pullRequest: "8", job: 5 }, createdAt: now - 5_000 },
    ];
    for (const seed of seeds) {
      fake.addDeployment("acme", "shop", {
        sha: SHA,
        ref: "main",
        environment: "review",
        states: [],
        ...seed,
      });
    }
    fake.addDeployment("acme", "shop", { sha: SHA, ref: "main", environment: "staging", states: [] });

    const origins = await client.listDeploymentOrigins(REPO, "review", 10);
    expect(origins.map(({ pullRequest, job }) => ({ pullRequest, job }))).toEqual([
      { pullRequest: undefined, job: undefined },
      { pullRequest: undefined, job: undefined },
      { pullRequest: undefined, job: "task-auto-d1-1" },
      { pullRequest: 7, job: "task-1-1" },
    ]);
    expect(await client.listDeploymentOrigins(REPO, "review", 2)).toHaveLength(2);
  });
});
