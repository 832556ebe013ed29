import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createProbot, githubClientFactory } from "../../../src/github/create-probot.ts";
import type { GitHubClient } from "../../../src/github/github-client.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { FakeGitHub } from "../../support/fake-github.ts";
import { testPrivateKey } from "../../support/harness.ts";

// The client as Shipmate builds it (Probot, installation token), against the fake GitHub over HTTP.
const fake = new FakeGitHub();
let client: GitHubClient;
const REPO = { owner: "acme", repo: "shop" };
const SHA = "c0ffee".padEnd(40, "0");
const OTHER = "beef".padEnd(40, "0");

beforeAll(async () => {
  const host = await fake.start();
  const probot = createProbot(
    { appId: "1", privateKey: testPrivateKey(), webhookSecret: "secret", baseUrl: `http://${host}/api/v3` },
    createLogger("silent", []),
  );
  client = await githubClientFactory(probot)(42);
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.calls.length = 0;
  fake.repos.clear();
  fake.teams.clear();
  fake.deployments.clear();
});

describe("isTeamMember", () => {
  const cases = [
    { name: "an active member", login: "bob", expected: true },
    { name: "a member in another letter case", login: "BOB", expected: true },
    { name: "someone not in the team (404)", login: "mallory", expected: false },
  ];
  test.each(cases)("$name", async ({ login, expected }) => {
    fake.addTeam("acme", "release", ["bob", "carol"]);
    expect(await client.isTeamMember("acme", "release", login)).toBe(expected);
    expect(fake.callsMatching(/^GET \/orgs\/acme\/teams\/release\/memberships\//)).toHaveLength(1);
  });

  test("a team that does not exist (404) has no members", async () => {
    expect(await client.isTeamMember("acme", "ghosts", "bob")).toBe(false);
  });

  test("any other failure is not taken for an answer", async () => {
    fake.faults.push({ method: "GET", pathPattern: /memberships/, status: 500, times: 1 });
    await expect(client.isTeamMember("acme", "release", "bob")).rejects.toMatchObject({ status: 500 });
  });
});

describe("listReviews", () => {
  test("maps every review, oldest first", async () => {
    fake.addRepo({
      owner: "acme",
      name: "shop",
      reviews: {
        7: [
          { login: "bob", state: "CHANGES_REQUESTED", commitId: OTHER, submittedAt: "2030-01-01T00:00:00Z" },
          { login: "bob", state: "APPROVED", commitId: SHA, submittedAt: "2030-01-01T01:00:00Z" },
        ],
      },
    });
    expect(await client.listReviews(REPO, 7)).toEqual([
      {
        login: "bob",
        state: "CHANGES_REQUESTED",
        commitId: OTHER,
        submittedAt: Date.parse("2030-01-01T00:00:00Z"),
      },
      { login: "bob", state: "APPROVED", commitId: SHA, submittedAt: Date.parse("2030-01-01T01:00:00Z") },
    ]);
    expect(fake.callsMatching(/^GET \/repos\/acme\/shop\/pulls\/7\/reviews$/)).toHaveLength(1);
  });

  test("follows pages of 100, up to five", async () => {
    const reviews = Array.from({ length: 650 }, (_, i) => ({
      login: `user${i}`,
      state: "COMMENTED",
      commitId: SHA,
    }));
    fake.addRepo({ owner: "acme", name: "shop", reviews: { 7: reviews } });
    const listed = await client.listReviews(REPO, 7);
    expect(listed).toHaveLength(500);
    expect(listed.at(-1)?.login).toBe("user499");
    expect(fake.callsMatching(/reviews$/)).toHaveLength(5);
  });

  test("a pull request without reviews", async () => {
    fake.addRepo({ owner: "acme", name: "shop" });
    expect(await client.listReviews(REPO, 8)).toEqual([]);
  });
});

describe("getCommitChecks", () => {
  test("reads the latest check runs and the combined status of the commit", async () => {
    fake.addRepo({
      owner: "acme",
      name: "shop",
      checkRuns: {
        [SHA]: [
          { name: "build", status: "completed", conclusion: "success" },
          { name: "e2e", status: "in_progress", conclusion: null },
        ],
        [OTHER]: [{ name: "build", status: "completed", conclusion: "failure" }],
      },
      statuses: { [SHA]: [{ context: "ci/jenkins", state: "failure" }] },
    });
    expect(await client.getCommitChecks(REPO, SHA)).toEqual({
      runs: [
        { name: "build", status: "completed", conclusion: "success" },
        { name: "e2e", status: "in_progress", conclusion: null },
      ],
      statuses: [{ context: "ci/jenkins", state: "failure" }],
    });
    const [runs] = fake.callsMatching(/check-runs$/);
    expect(runs?.path).toBe(`/repos/acme/shop/commits/${SHA}/check-runs`);
    expect(fake.callsMatching(new RegExp(`^GET /repos/acme/shop/commits/${SHA}/status$`))).toHaveLength(1);
  });

  test("a commit without checks", async () => {
    fake.addRepo({ owner: "acme", name: "shop" });
    expect(await client.getCommitChecks(REPO, SHA)).toEqual({ runs: [], statuses: [] });
  });

  test("follows the pages of check runs", async () => {
    const runs = Array.from({ length: 150 }, (_, i) => ({
      name: `c${i}`,
      status: "completed",
      conclusion: "success",
    }));
    fake.addRepo({ owner: "acme", name: "shop", checkRuns: { [SHA]: runs } });
    expect((await client.getCommitChecks(REPO, SHA)).runs).toHaveLength(150);
    expect(fake.callsMatching(/check-runs$/)).toHaveLength(2);
  });

  test("a failure to read the status fails the whole read", async () => {
    fake.addRepo({ owner: "acme", name: "shop" });
    fake.faults.push({ method: "GET", pathPattern: /\/status$/, status: 502, times: 1 });
    await expect(client.getCommitChecks(REPO, SHA)).rejects.toMatchObject({ status: 502 });
  });
});

describe("deployments", () => {
  test("seeded deployments are listed newest first, per environment, with their states newest first", async () => {
    fake.addRepo({
      owner: "acme",
      name: "shop",
      deployments: [
        { sha: OTHER, ref: "v1", environment: "production", states: ["in_progress", "success", "inactive"] },
        { sha: SHA, ref: "v2", environment: "staging", states: ["success"] },
        { sha: SHA, ref: "v2", environment: "production", states: ["in_progress", "failure"] },
      ],
    });
    const listed = await client.listDeployments(REPO, "production", 30);
    expect(listed.map((d) => [d.sha, d.ref])).toEqual([
      [SHA, "v2"],
      [OTHER, "v1"],
    ]);
    expect(listed[0]?.createdAt).toBeGreaterThan(listed[1]?.createdAt ?? Infinity);
    const [call] = fake.callsMatching(/^GET \/repos\/acme\/shop\/deployments$/);
    expect(call).toBeDefined();
    expect(await client.listDeploymentStates(REPO, listed[1]?.id ?? 0)).toEqual([
      "inactive",
      "success",
      "in_progress",
    ]);
  });

  test("the limit is sent as per_page", async () => {
    fake.addRepo({
      owner: "acme",
      name: "shop",
      deployments: Array.from({ length: 5 }, (_, i) => ({
        sha: SHA,
        ref: `r${i}`,
        environment: "production",
        states: ["success"],
      })),
    });
    expect((await client.listDeployments(REPO, "production", 3)).map((d) => d.ref)).toEqual([
      "r4",
      "r3",
      "r2",
    ]);
  });

  test("deployments created through the client are remembered, with their statuses", async () => {
    fake.addRepo({ owner: "acme", name: "shop" });
    const first = await client.createDeployment(REPO, deploymentInput(OTHER));
    await client.createDeploymentStatus(REPO, first.id, statusInput("in_progress"));
    await client.createDeploymentStatus(REPO, first.id, statusInput("success"));
    const second = await client.createDeployment(REPO, deploymentInput(SHA));
    await client.createDeploymentStatus(REPO, second.id, statusInput("success"));

    const listed = await client.listDeployments(REPO, "production", 30);
    expect(listed.map((d) => ({ id: d.id, sha: d.sha, ref: d.ref }))).toEqual([
      { id: second.id, sha: SHA, ref: SHA },
      { id: first.id, sha: OTHER, ref: OTHER },
    ]);
    // As on GitHub, a new success marks the environment's earlier one inactive.
    expect(await client.listDeploymentStates(REPO, first.id)).toEqual(["inactive", "success", "in_progress"]);
    expect(await client.listDeploymentStates(REPO, second.id)).toEqual(["success"]);
    expect(await client.listDeployments(REPO, "staging", 30)).toEqual([]);
  });

  test("the statuses of a deployment that does not exist are an error", async () => {
    fake.addRepo({ owner: "acme", name: "shop" });
    await expect(client.listDeploymentStates(REPO, 999_999)).rejects.toMatchObject({ status: 404 });
  });
});

function deploymentInput(sha: string) {
  return {
    sha,
    environment: "production",
    description: "d",
    payload: {},
    transient: false,
    production: true,
  };
}

function statusInput(state: "in_progress" | "success") {
  return { state, description: "s", environmentUrl: undefined, logUrl: undefined };
}
