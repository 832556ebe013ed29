import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import {
  ask,
  deploymentStates,
  jobView,
  post,
  type Said,
  waitForDeploymentState,
  waitForStatus,
} from "../../support/job-thread.ts";
import { deploymentsFor, eventually, sleep, waitForReactions } from "../../support/pr-thread.ts";
import { PR, type SeededRepo, seedGatesRepo } from "./gates-fixture.ts";
import { pushTo, runsOf, setCheckRuns, setReviews } from "./gates-thread.ts";

let app: Running;
let repo: LocalRepo;
let seeded: SeededRepo;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "shipmate-gates-"));
  repo = createLocalRepo();
  app = await startShipmate({ TASK_ENV: "TEST_GATES_OUT", TEST_GATES_OUT: out, TASK_LOCK_MS: "2000" });
  seeded = seedGatesRepo(app.github, repo);
});

afterAll(async () => {
  await app?.stop();
  repo?.remove();
  if (out !== undefined) rmSync(out, { recursive: true, force: true });
});

const say = (said: Said) => post(app, repo.cloneUrl, said);
const reply = async (said: Said) => (await ask(app, repo.cloneUrl, said)).reply;
const head = (pr: number): string => seeded.heads[pr] ?? "";
const short = (sha: string): string => sha.slice(0, 7);
const GREEN = [{ name: "build", status: "completed", conclusion: "success" }];
const RED = [{ name: "build", status: "completed", conclusion: "failure" }];

/** Sends a command Shipmate refuses and returns its reply, after checking the 👎 on the comment. */
async function refusal(said: Said): Promise<string> {
  const { commentId, reply } = await ask(app, repo.cloneUrl, said);
  expect(await waitForReactions(app, commentId, 2)).toEqual(["eyes", "-1"]);
  return reply;
}

/** A command refused for unmet rules: the reply names them under "did not run". */
async function refusedRun(said: Said): Promise<string> {
  const body = await refusal(said);
  expect(body).toContain(`🚫 Shipmate did not run \`${said.body}\``);
  return body;
}

describe("approvers: a job waits in `awaiting_approval` until someone listed approves it", () => {
  test("self-approval and non-approvers are refused; a team member's /approve runs it once, on the pinned commit", async () => {
    const pr = PR.approved;
    const id = "task-31001-1";
    setCheckRuns(app, head(pr), GREEN);
    setReviews(app, pr, [{ login: "bob", state: "APPROVED", commitId: head(pr) }]);
    await say({ login: "alice", pr, commentId: 31_001, body: "/deploy production" });

    const waiting = await waitForStatus(app, id, /Awaiting approval/);
    expect(waiting).toContain(`**Awaiting approval**: deploy of \`${short(head(pr))}\` to **production**`);
    expect(waiting).toContain("**Waiting for approval** from @carol or @acme/release.");
    expect(waiting).toMatch(/The request lapses in .* if nobody approves it\./);
    expect(await waitForDeploymentState(app, id, "pending")).toEqual(["pending"]);
    expect((await jobView(app, id))?.state).toBe("awaiting_approval");

    const self = await refusedRun({ login: "alice", pr, commentId: 31_002, body: "/approve" });
    expect(self).toContain("@alice asked for this job, so cannot also approve it for **production**.");
    const stranger = await refusedRun({ login: "mallory", pr, commentId: 31_003, body: "/approve" });
    expect(stranger).toContain("@mallory is not an approver for **production**.");
    expect(stranger).toContain("@carol or @acme/release");
    expect((await jobView(app, id))?.state).toBe("awaiting_approval");
    expect(runsOf(out, "production", pr)).toEqual([]);

    const approved = await reply({ login: "dave", pr, commentId: 31_004, body: "/approve" });
    expect(approved).toContain(`👍 Approved \`${id}\``);
    const done = await waitForStatus(app, id, /Deployed/);
    expect(done).toContain("Approved by @dave");
    expect(await waitForDeploymentState(app, id, "success")).toEqual(
      expect.arrayContaining(["pending", "success"]),
    );
    await sleep(300);
    const sha = head(pr);
    expect(runsOf(out, "production", pr)).toEqual([`production pr=${pr} sha=${sha} head=${sha} dry=`]);
    expect(
      app.github.callsMatching(/^GET \/orgs\/acme\/teams\/release\/memberships\/dave$/).length,
    ).toBeGreaterThan(0);
  }, 30_000);

  test("/reject by an approver ends the job as rejected: it never runs", async () => {
    const pr = PR.rejected;
    const id = "task-31011-1";
    setCheckRuns(app, head(pr), GREEN);
    setReviews(app, pr, [{ login: "bob", state: "APPROVED", commitId: head(pr) }]);
    await say({ login: "alice", pr, commentId: 31_011, body: "/deploy production" });
    await waitForStatus(app, id, /Awaiting approval/);

    const rejected = await reply({ login: "carol", pr, commentId: 31_012, body: "/reject wrong build" });
    expect(rejected).toContain(`👎 Rejected \`${id}\``);
    expect(rejected).toContain("Reason: wrong build");
    const body = await waitForStatus(app, id, /Deploy rejected/);
    expect(body).toContain("Rejected by @carol");
    expect(body).toContain("Rejected: wrong build");
    expect((await jobView(app, id))?.state).toBe("cancelled");
    await waitForDeploymentState(app, id, "inactive");

    const late = await refusal({ login: "dave", pr, commentId: 31_013, body: "/approve" });
    expect(late).toContain("Nothing to approve");
    await sleep(500);
    expect(runsOf(out, "production", pr)).toEqual([]);
  });

  test("a push after the command: /approve is refused because the head moved, and the job does not run", async () => {
    const pr = PR.pushed;
    const id = "task-31021-1";
    setCheckRuns(app, head(pr), GREEN);
    setReviews(app, pr, [{ login: "bob", state: "APPROVED", commitId: head(pr) }]);
    await say({ login: "alice", pr, commentId: 31_021, body: "/deploy production" });
    await waitForStatus(app, id, /Awaiting approval/);

    await pushTo(app, pr, seeded.later.pushed);
    const stale = await refusedRun({ login: "carol", pr, commentId: 31_022, body: "/approve" });
    expect(stale).toContain(
      `The pull request's head moved to \`${short(seeded.later.pushed)}\` after this job pinned \`${short(head(pr))}\``,
    );
    expect(stale).toContain("Ask @alice to comment `/deploy production` again for the new head");
    await sleep(500);
    expect((await jobView(app, id))?.state).toBe("awaiting_approval");
    expect((await jobView(app, id))?.approval?.approvedBy).toBeUndefined();
    expect(runsOf(out, "production", pr)).toEqual([]);
  });
});

describe("approvals gate (`approvals: 1`): approving reviews of the pinned commit", () => {
  const pr = PR.reviews;
  test.each([
    { name: "no review at all", commentId: 32_001, reviews: () => [], says: "it has none." },
    {
      name: "an approval of an earlier commit",
      commentId: 32_002,
      reviews: () => [{ login: "bob", state: "APPROVED", commitId: seeded.older }],
      says: "@bob approved an earlier commit, which does not count for this one.",
    },
    {
      name: "the requester's own approval of the head",
      commentId: 32_003,
      reviews: () => [{ login: "alice", state: "APPROVED", commitId: head(pr) }],
      says: "@alice's own approval does not count.",
    },
  ])("refused with $name, naming the gate", async ({ commentId, reviews, says }) => {
    setReviews(app, pr, reviews());
    const body = await refusedRun({ login: "alice", pr, commentId, body: "/deploy reviewed" });
    expect(body).toContain(`**reviewed** needs 1 approving review on commit \`${short(head(pr))}\``);
    expect(body).toContain(says);
    expect(body).toContain(`Ask a reviewer to approve #${pr} at its current head`);
    expect(deploymentsFor(app, `task-${commentId}-1`)).toEqual([]);
  });

  test("deploys once someone other than the requester approves the head commit", async () => {
    setReviews(app, pr, [
      { login: "bob", state: "APPROVED", commitId: seeded.older },
      { login: "bob", state: "APPROVED", commitId: head(pr) },
    ]);
    await say({ login: "alice", pr, commentId: 32_901, body: "/deploy reviewed" });
    await waitForStatus(app, "task-32901-1", /Deployed/);
    expect(runsOf(out, "reviewed", pr)).toEqual([`reviewed pr=${pr} sha=${head(pr)} head=${head(pr)} dry=`]);
  });
});

describe("checks gate (`checks: [build]`): every check on the pinned commit green, `build` among them", () => {
  const pr = PR.checks;
  test.each([
    {
      name: "a failing check run",
      commentId: 33_001,
      runs: [{ name: "build", status: "completed", conclusion: "failure" }],
      says: "needs every check on commit `SHA` green; `build` (failure) is not.",
    },
    {
      name: "a check run still in progress",
      commentId: 33_002,
      runs: [{ name: "build", status: "in_progress", conclusion: null }],
      says: "needs every check on commit `SHA` finished and green; `build` (in_progress) has not finished.",
    },
    {
      name: "the named check missing",
      commentId: 33_003,
      runs: [{ name: "lint", status: "completed", conclusion: "success" }],
      says: "needs `build` on commit `SHA`, and it has not reported there.",
    },
  ])("refused with $name, naming it", async ({ commentId, runs, says }) => {
    setCheckRuns(app, head(pr), runs);
    const body = await refusedRun({ login: "alice", pr, commentId, body: "/deploy checked" });
    expect(body).toContain(`**checked** ${says.replace("SHA", short(head(pr)))}`);
    expect(deploymentsFor(app, `task-${commentId}-1`)).toEqual([]);
  });

  test("deploys when every check is green", async () => {
    setCheckRuns(app, head(pr), [
      { name: "Build", status: "completed", conclusion: "success" },
      { name: "lint", status: "completed", conclusion: "skipped" },
    ]);
    await say({ login: "alice", pr, commentId: 33_901, body: "/deploy checked" });
    await waitForStatus(app, "task-33901-1", /Deployed/);
    expect(runsOf(out, "checked", pr)).toHaveLength(1);
  });
});

describe("who may deploy and from which base", () => {
  test("`users`/`teams`: someone not listed is refused; a member of a listed team deploys", async () => {
    const pr = PR.allowlist;
    const body = await refusedRun({ login: "alice", pr, commentId: 34_001, body: "/deploy allowlisted" });
    expect(body).toContain(
      "@alice is not among those who may deploy to **allowlisted**: @erin or @acme/deployers.",
    );
    expect(runsOf(out, "allowlisted", pr)).toEqual([]);

    await say({ login: "frank", pr, commentId: 34_002, body: "/deploy allowlisted" });
    await waitForStatus(app, "task-34002-1", /Deployed/);
    expect(runsOf(out, "allowlisted", pr)).toHaveLength(1);
    expect(app.github.callsMatching(/^GET \/orgs\/acme\/teams\/deployers\/memberships\/frank$/)).toHaveLength(
      1,
    );
  });

  test("`branches`: a pull request into an unlisted base is refused; one into a listed branch deploys", async () => {
    const body = await refusedRun({
      login: "alice",
      pr: PR.intoDevelop,
      commentId: 34_011,
      body: "/deploy branchy",
    });
    expect(body).toContain(
      `Pull request #${PR.intoDevelop} targets \`develop\`; **branchy** only deploys pull requests into \`main\`, \`release/1.x\`.`,
    );
    expect(runsOf(out, "branchy", PR.intoDevelop)).toEqual([]);

    await say({ login: "alice", pr: PR.intoRelease, commentId: 34_012, body: "/deploy branchy" });
    await waitForStatus(app, "task-34012-1", /Deployed/);
    expect(runsOf(out, "branchy", PR.intoRelease)).toHaveLength(1);
  });
});

describe("gates are checked again when the job leaves the line", () => {
  test("a check gone red, or a head moved after approval, while it waited stops it: refused, never run", async () => {
    const holder = "task-35001-1";
    const red = "task-35011-1";
    const moved = "task-35021-1";
    for (const pr of [PR.holder, PR.turnedRed, PR.movedInLine]) setCheckRuns(app, head(pr), GREEN);

    // The first job holds the environment until the test lets it finish.
    await say({ login: "alice", pr: PR.holder, commentId: 35_001, body: "/deploy guarded" });
    await waitForStatus(app, holder, /Awaiting approval/);
    await reply({ login: "carol", pr: PR.holder, commentId: 35_002, body: "/approve" });
    await eventually(() => runsOf(out, "guarded", PR.holder)[0], 15_000, "the holder to start");

    // Two more are accepted with green checks and approved, and wait in line behind it.
    await say({ login: "bob", pr: PR.turnedRed, commentId: 35_011, body: "/deploy guarded" });
    await say({ login: "alice", pr: PR.movedInLine, commentId: 35_021, body: "/deploy guarded" });
    await waitForStatus(app, red, /Awaiting approval/);
    await waitForStatus(app, moved, /Awaiting approval/);
    expect(await reply({ login: "carol", pr: PR.turnedRed, commentId: 35_012, body: "/approve" })).toContain(
      "👍 Approved",
    );
    expect(
      await reply({ login: "carol", pr: PR.movedInLine, commentId: 35_022, body: "/approve" }),
    ).toContain("👍 Approved");
    await waitForStatus(app, red, /in line for \*\*guarded\*\*/);
    await waitForStatus(app, moved, /in line for \*\*guarded\*\*/);

    // While they wait, one's check turns red and the other's pull request gets a new head.
    setCheckRuns(app, head(PR.turnedRed), RED);
    await pushTo(app, PR.movedInLine, seeded.later.movedInLine);
    expect(runsOf(out, "guarded", PR.holder)).toHaveLength(1);
    writeFileSync(join(out, `go-${PR.holder}`), "");

    await waitForStatus(app, holder, /Deployed/);
    const redBody = await waitForStatus(app, red, /Deploy refused/);
    expect(redBody).toContain(
      `Shipmate checked the gates again on the pinned \`${short(head(PR.turnedRed))}\` when this job left the line`,
    );
    expect(redBody).toContain("`build` (failure)");
    const movedBody = await waitForStatus(app, moved, /Deploy refused/);
    expect(movedBody).toContain(
      `The pull request's head moved to \`${short(seeded.later.movedInLine)}\` after it was approved for \`${short(head(PR.movedInLine))}\``,
    );
    for (const id of [red, moved]) {
      expect((await jobView(app, id))?.state).toBe("refused");
      expect(await waitForDeploymentState(app, id, "failure")).not.toContain("in_progress");
    }
    await sleep(500);
    expect(runsOf(out, "guarded", PR.turnedRed)).toEqual([]);
    expect(runsOf(out, "guarded", PR.movedInLine)).toEqual([]);
  }, 40_000);
});

test("`--dry-run` skips the approvals, checks and approvers gates and runs with SHIPMATE_DRY_RUN=1", async () => {
  const pr = PR.dryRun;
  const id = "task-36001-1";
  setCheckRuns(app, head(pr), RED);
  setReviews(app, pr, []);
  const real = await refusedRun({ login: "alice", pr, commentId: 36_000, body: "/deploy production" });
  expect(real).toContain("`build` (failure)");
  const checkReads = () => app.github.callsMatching(new RegExp(`/commits/${head(pr)}/check-runs$`)).length;
  const readBefore = checkReads();

  await say({ login: "alice", pr, commentId: 36_001, body: "/deploy production --dry-run" });
  const body = await waitForStatus(app, id, /Deployed/);
  expect(body).toContain("(dry run)");
  expect(body).not.toContain("Approved by");
  expect(runsOf(out, "production", pr)).toEqual([
    `production pr=${pr} sha=${head(pr)} head=${head(pr)} dry=1`,
  ]);
  expect(deploymentsFor(app, id)).toEqual([]);
  expect(await deploymentStates(app, id)).toBeUndefined();
  // What a gate it skips would need is not even read.
  expect(checkReads()).toBe(readBefore);
});

test("an approval request nobody answers lapses after `approval_ttl` (10s, the least allowed); /approve then is refused", async () => {
  const pr = PR.lapsing;
  const id = "task-37001-1";
  await say({ login: "alice", pr, commentId: 37_001, body: "/deploy expiring" });
  const waiting = await waitForStatus(app, id, /Awaiting approval/);
  expect(waiting).toMatch(/The request lapses in \d+s \(at /);

  const lapsed = await waitForStatus(app, id, /Deploy cancelled/, 30_000);
  expect(lapsed).toContain("Nobody approved it within 10s, so it lapsed.");
  const view = await jobView(app, id);
  expect(view?.state).toBe("cancelled");
  expect((view?.finishedAt ?? 0) - (view?.queuedAt ?? 0)).toBeGreaterThanOrEqual(10_000);
  await waitForDeploymentState(app, id, "inactive");

  const late = await refusal({ login: "carol", pr, commentId: 37_002, body: `/approve ${id}` });
  expect(late).toContain(`No job \`${id}\` is awaiting approval in this repository.`);
  await sleep(500);
  expect(runsOf(out, "expiring", pr)).toEqual([]);
}, 60_000);
