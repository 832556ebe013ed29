import { describe, expect, test } from "vitest";
import type { DeploymentStatusInput, Reaction, RepoCoords } from "../../../src/github/github-client.ts";
import type { JobState, JobView } from "../../../src/jobs/job-view.ts";
import type { JobRecord, ReportTargets } from "../../../src/queue/job-records.ts";
import { mirrorToGitHub } from "../../../src/reporting/github-mirror.ts";
import { jobView } from "../../support/job-view-fixture.ts";

type Call =
  | { call: "createComment"; repo: RepoCoords; issue: number; body: string }
  | { call: "updateComment"; repo: RepoCoords; commentId: number; body: string }
  | { call: "createDeploymentStatus"; repo: RepoCoords; deploymentId: number; input: DeploymentStatusInput }
  | { call: "addReaction"; repo: RepoCoords; commentId: number; content: Reaction };

/** A GitHub client that records each call, and a store for the marks the mirror leaves. */
function recorder() {
  const calls: Call[] = [];
  const marks: Record<string, string> = {};
  const github = {
    async createComment(repo: RepoCoords, issue: number, body: string) {
      calls.push({ call: "createComment", repo, issue, body });
      return 555;
    },
    async updateComment(repo: RepoCoords, commentId: number, body: string) {
      calls.push({ call: "updateComment", repo, commentId, body });
    },
    async createDeploymentStatus(repo: RepoCoords, deploymentId: number, input: DeploymentStatusInput) {
      calls.push({ call: "createDeploymentStatus", repo, deploymentId, input });
    },
    async addReaction(repo: RepoCoords, commentId: number, content: Reaction) {
      calls.push({ call: "addReaction", repo, commentId, content });
    },
  };
  const progress = {
    async mark(name: string, value: string | number) {
      marks[name] = String(value);
    },
  };
  return { calls, marks, github, progress };
}

const REPO = { owner: "acme", repo: "shop" };

function view(overrides: Partial<JobView> = {}): JobView {
  return jobView({
    id: "task-1001-1",
    state: "queued",
    environmentUrl: "https://staging.example.com",
    startedAt: undefined,
    finishedAt: undefined,
    exitCode: undefined,
    ...overrides,
  });
}

function targets(overrides: Partial<ReportTargets> = {}): ReportTargets {
  return {
    installationId: 1,
    owner: "acme",
    repo: "shop",
    pullRequest: 7,
    commentId: 1001,
    deploymentId: 77,
    ...overrides,
  };
}

function record(
  version: number,
  marks: Readonly<Record<string, string>>,
  viewOverrides: Partial<JobView> = {},
  targetOverrides: Partial<ReportTargets> = {},
): JobRecord {
  return { view: view(viewOverrides), version, targets: targets(targetOverrides), marks: { ...marks } };
}

describe("mirrorToGitHub: the status comment", () => {
  test("the first report creates the comment on the PR and marks its id and version", async () => {
    const r = recorder();
    await mirrorToGitHub(r.github, record(1, r.marks), r.progress, 2_000);
    const created = r.calls.filter((c) => c.call === "createComment");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ repo: REPO, issue: 7 });
    expect(created[0]?.body).toContain("<!-- shipmate:job:task-1001-1 -->");
    expect(created[0]?.body).toContain("Queued");
    expect(r.marks).toMatchObject({ commentId: "555", commentVersion: "1" });
    expect(r.calls.some((c) => c.call === "updateComment")).toBe(false);
  });

  test("a later version edits the same comment in place", async () => {
    const r = recorder();
    await mirrorToGitHub(r.github, record(1, r.marks), r.progress, 2_000);
    await mirrorToGitHub(
      r.github,
      record(2, r.marks, { state: "running", startedAt: 3_000 }),
      r.progress,
      4_000,
    );
    const comments = r.calls.filter((c) => c.call === "createComment" || c.call === "updateComment");
    expect(comments.map((c) => c.call)).toEqual(["createComment", "updateComment"]);
    expect(comments[1]).toMatchObject({ commentId: 555, repo: REPO });
    expect((comments[1] as { body: string }).body).toContain("Deploying");
    expect(r.marks.commentVersion).toBe("2");
  });

  test("the same version again, or an older one, changes nothing", async () => {
    const r = recorder();
    await mirrorToGitHub(r.github, record(3, r.marks), r.progress, 2_000);
    const before = r.calls.length;
    await mirrorToGitHub(r.github, record(3, r.marks), r.progress, 2_000);
    await mirrorToGitHub(r.github, record(2, r.marks), r.progress, 2_000);
    expect(r.calls.slice(before)).toEqual([]);
  });

  test("a retry after the comment was created but before its version was marked edits, not creates", async () => {
    const r = recorder();
    await mirrorToGitHub(r.github, record(1, { commentId: "555" }), r.progress, 2_000);
    expect(r.calls.filter((c) => c.call === "createComment")).toHaveLength(0);
    expect(r.calls.filter((c) => c.call === "updateComment")).toHaveLength(1);
  });

  test("no comment when the job has no pull request; the deployment is still reported", async () => {
    const r = recorder();
    await mirrorToGitHub(
      r.github,
      record(1, r.marks, { pullRequest: undefined }, { pullRequest: undefined, commentId: undefined }),
      r.progress,
      2_000,
    );
    expect(r.calls.filter((c) => c.call === "createComment" || c.call === "updateComment")).toEqual([]);
    expect(r.calls.map((c) => c.call)).toEqual(["createDeploymentStatus"]);
    expect(r.marks.commentId).toBeUndefined();
  });
});

describe("mirrorToGitHub: the deployment status", () => {
  test("each deployment state is posted once, however many versions pass through it", async () => {
    const r = recorder();
    const steps: [number, Partial<JobView>][] = [
      [1, { state: "queued" }],
      [2, { state: "running", startedAt: 3_000 }],
      [3, { state: "running", startedAt: 3_000, output: "step 1\n" }],
      [4, { state: "running", startedAt: 3_000, output: "step 1\nstep 2\n" }],
      [5, { state: "succeeded", startedAt: 3_000, finishedAt: 9_000, exitCode: 0 }],
      [5, { state: "succeeded", startedAt: 3_000, finishedAt: 9_000, exitCode: 0 }],
    ];
    for (const [version, fields] of steps) {
      await mirrorToGitHub(r.github, record(version, r.marks, fields), r.progress, 10_000);
    }
    const statuses = r.calls.filter((c) => c.call === "createDeploymentStatus");
    expect(statuses.map((c) => c.input.state)).toEqual(["queued", "in_progress", "success"]);
    for (const status of statuses) {
      expect(status).toMatchObject({ repo: REPO, deploymentId: 77 });
      expect(status.input.environmentUrl).toBe("https://staging.example.com");
    }
    expect(statuses[2]?.input.description).toBe("staging: succeeded");
  });

  test("a failure's status carries the problem as its description", async () => {
    const r = recorder();
    const problem = "The deploy task exited with code 3.";
    await mirrorToGitHub(
      r.github,
      record(4, r.marks, { state: "failed", exitCode: 3, problem }),
      r.progress,
      0,
    );
    const status = r.calls.find((c) => c.call === "createDeploymentStatus");
    expect(status?.input).toMatchObject({ state: "failure", description: problem });
  });

  test("a timed-out job's description reads as words", async () => {
    const r = recorder();
    await mirrorToGitHub(r.github, record(4, r.marks, { state: "timed_out" }), r.progress, 0);
    const status = r.calls.find((c) => c.call === "createDeploymentStatus");
    expect(status?.input).toMatchObject({ state: "failure", description: "staging: timed out" });
  });

  test("no deployment status when there is no deployment (a dry run)", async () => {
    const r = recorder();
    await mirrorToGitHub(
      r.github,
      record(2, r.marks, { state: "succeeded" }, { deploymentId: undefined }),
      r.progress,
      0,
    );
    expect(r.calls.filter((c) => c.call === "createDeploymentStatus")).toEqual([]);
    expect(r.marks.deploymentState).toBeUndefined();
  });
});

describe("mirrorToGitHub: the final reaction on the command", () => {
  const cases: { state: JobState; reaction: Reaction | undefined }[] = [
    { state: "queued", reaction: undefined },
    { state: "running", reaction: undefined },
    { state: "succeeded", reaction: "rocket" },
    { state: "failed", reaction: "confused" },
    { state: "timed_out", reaction: "confused" },
    { state: "cancelled", reaction: "confused" },
    { state: "interrupted", reaction: "confused" },
  ];
  test.each(cases)("$state → $reaction, and only once", async ({ state, reaction }) => {
    const r = recorder();
    await mirrorToGitHub(r.github, record(2, r.marks, { state }), r.progress, 0);
    await mirrorToGitHub(r.github, record(3, r.marks, { state }), r.progress, 0);
    const reactions = r.calls.filter((c) => c.call === "addReaction");
    expect(reactions.map((c) => c.content)).toEqual(reaction === undefined ? [] : [reaction]);
    if (reaction !== undefined) {
      expect(reactions[0]).toMatchObject({ repo: REPO, commentId: 1001 });
      expect(r.marks.finalReaction).toBe(reaction);
    }
  });

  test("no reaction without a command comment to put it on", async () => {
    const r = recorder();
    await mirrorToGitHub(
      r.github,
      record(2, r.marks, { state: "succeeded" }, { commentId: undefined }),
      r.progress,
      0,
    );
    expect(r.calls.filter((c) => c.call === "addReaction")).toEqual([]);
  });

  test("the whole life of a job: one comment, edited, three statuses, one rocket", async () => {
    const r = recorder();
    const states: [number, JobState][] = [
      [1, "queued"],
      [2, "running"],
      [3, "running"],
      [4, "succeeded"],
    ];
    for (const [version, state] of states) {
      await mirrorToGitHub(
        r.github,
        record(version, r.marks, { state, startedAt: 2_000 }),
        r.progress,
        5_000,
      );
    }
    await mirrorToGitHub(r.github, record(4, r.marks, { state: "succeeded" }), r.progress, 5_000);
    expect(
      r.calls.map((c) => (c.call === "createDeploymentStatus" ? `status:${c.input.state}` : c.call)),
    ).toEqual([
      "createComment",
      "status:queued",
      "updateComment",
      "status:in_progress",
      "updateComment",
      "updateComment",
      "status:success",
      "addReaction",
    ]);
  });
});
