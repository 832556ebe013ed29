import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { artifactsKey } from "../../../src/worker/task-artifacts.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { jobView, waitForStatus } from "../../support/job-thread.ts";
import { deploymentsFor, sleep } from "../../support/pr-thread.ts";
import {
  ask,
  LARGE_PLAN_BYTES,
  linesOf,
  PLAN_BYTES,
  PR,
  post,
  type Said,
  type SeededTasks,
  seedTasks,
} from "./tasks-fixture.ts";

let app: Running;
let repo: LocalRepo;
let seeded: SeededTasks;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "shipmate-provision-"));
  repo = createLocalRepo();
  app = await startShipmate({ TASK_ENV: "TEST_TASKS_OUT", TEST_TASKS_OUT: out, TASK_LOCK_MS: "2000" });
  seeded = seedTasks(app.github, repo);
});

afterAll(async () => {
  await app?.stop();
  repo?.remove();
  if (out !== undefined) rmSync(out, { recursive: true, force: true });
});

const say = (said: Said) => post(app, repo.cloneUrl, said);
const reply = (said: Said) => ask(app, repo.cloneUrl, said);
const head = (pr: number): string => seeded.heads[pr] ?? "";
const short = (sha: string): string => sha.slice(0, 7);

/** The bytes a task wrote to the test's out folder (`plan-<pr>` by the plan, `applied-<pr>` by the apply). */
function bytesOf(name: string): Buffer | undefined {
  const file = join(out, name);
  return existsSync(file) ? readFileSync(file) : undefined;
}

const sha256 = (bytes: Buffer | undefined): string =>
  bytes === undefined ? "(none)" : createHash("sha256").update(bytes).digest("hex");

/** Comments the plan, waits for it to succeed and returns its status comment. */
async function plan(pr: number, commentId: number, options: { repo?: "stale"; env?: string } = {}) {
  const environment = options.env ?? "infra";
  await say({ login: "alice", pr, commentId, body: `/provision ${environment} plan`, ...options });
  return waitForStatus(app, `task-${commentId}-1`, /✅/);
}

describe("/provision plan, then apply", () => {
  test("apply gets the plan's file back byte for byte; both summaries are in the status comments", async () => {
    const planned = await plan(PR.planned, 50_001);
    expect(planned).toContain(`✅ **Planned** **infra** at \`${short(head(PR.planned))}\``);
    expect(planned).toContain("Plan: **2** to add, **1** to change, **0** to destroy");
    expect(planned).toContain(`kept shipmate.tfplan (${PLAN_BYTES} bytes)`);
    const made = bytesOf(`plan-${PR.planned}`);
    expect(made).toHaveLength(PLAN_BYTES);
    // What Shipmate keeps is exactly what the plan left: the bytes Redis holds, decoded.
    const stored = await app.redis.hget(artifactsKey(app.prefix, "task-50001-1"), "shipmate.tfplan");
    expect(sha256(Buffer.from(stored ?? "", "base64"))).toBe(sha256(made));

    await say({ login: "alice", pr: PR.planned, commentId: 50_002, body: "/provision infra apply" });
    const applied = await waitForStatus(app, "task-50002-1", /✅/);
    expect(applied).toContain(`✅ **Applied** **infra** at \`${short(head(PR.planned))}\``);
    expect(applied).toContain("Applied: **2** added, **1** changed, **0** destroyed");
    expect(sha256(bytesOf(`applied-${PR.planned}`))).toBe(sha256(made));
    expect(linesOf(out, "applied")).toContain(
      `applied pr=${PR.planned} sha=${head(PR.planned)} task=provision`,
    );
    expect((await jobView(app, "task-50002-1"))?.task).toBe("provision");
    // Neither is a version of the code: no GitHub Deployment for either.
    expect([...deploymentsFor(app, "task-50001-1"), ...deploymentsFor(app, "task-50002-1")]).toEqual([]);
  }, 40_000);

  test("apply without a plan is refused and nothing runs", async () => {
    const refused = await reply({
      login: "alice",
      pr: PR.noPlan,
      commentId: 51_001,
      body: "/provision infra apply",
    });
    expect(refused).toContain("🚫 Shipmate did not run `/provision infra apply`");
    expect(refused).toContain("There is no plan for **infra** here to apply.");
    expect(refused).toContain("Run `/provision infra plan` first");
    await sleep(300);
    expect(await jobView(app, "task-51001-1")).toBeUndefined();
    expect(bytesOf(`applied-${PR.noPlan}`)).toBeUndefined();
  }, 30_000);

  test("a plan is applied once: the second apply is refused", async () => {
    await plan(PR.twice, 52_001);
    await say({ login: "alice", pr: PR.twice, commentId: 52_002, body: "/provision infra apply" });
    await waitForStatus(app, "task-52002-1", /✅/);

    const refused = await reply({
      login: "alice",
      pr: PR.twice,
      commentId: 52_003,
      body: "/provision infra apply",
    });
    expect(refused).toContain(
      "Plan already applied: `task-52002-1` applied the plan `task-52001-1`, and a plan is applied once.",
    );
    expect(refused).toContain("Run `/provision infra plan` again");
    await sleep(300);
    expect(await jobView(app, "task-52003-1")).toBeUndefined();
    expect(linesOf(out, "applied").filter((line) => line.includes(`pr=${PR.twice} `))).toHaveLength(1);
  }, 40_000);

  test("after a new push, the plan made on the old head is refused", async () => {
    await plan(PR.pushed, 53_001);
    movePullRequestHead(PR.pushed, seeded.later);
    const refused = await reply({
      login: "alice",
      pr: PR.pushed,
      commentId: 53_002,
      body: "/provision infra apply",
    });
    expect(refused).toContain(
      `The plan was made on \`${short(head(PR.pushed))}\`, but the head is \`${short(seeded.later)}\` now.`,
    );
    expect(bytesOf(`applied-${PR.pushed}`)).toBeUndefined();

    // A plan of the new head can be applied.
    await plan(PR.pushed, 53_003);
    await say({ login: "alice", pr: PR.pushed, commentId: 53_004, body: "/provision infra apply" });
    const applied = await waitForStatus(app, "task-53004-1", /✅/);
    expect(applied).toContain(`**infra** at \`${short(seeded.later)}\``);
  }, 40_000);

  test("a plan older than max_plan_age is refused", async () => {
    await plan(PR.stale, 54_001, { repo: "stale" });
    await sleep(1_200);
    const refused = await reply({
      login: "alice",
      pr: PR.stale,
      commentId: 54_002,
      body: "/provision infra apply",
      repo: "stale",
    });
    expect(refused).toMatch(/The plan is \d+s old; plans older than 1s are not applied \(`max_plan_age`\)\./);
    expect(bytesOf(`applied-${PR.stale}`)).toBeUndefined();
  }, 30_000);

  test("apply meets the environment's gates (the plan does not), and a refusal leaves the plan unspent", async () => {
    // infra-prod needs an approving review: a plan changes nothing and runs without one.
    await plan(PR.gated, 56_001, { env: "infra-prod" });
    const refused = await reply({
      login: "alice",
      pr: PR.gated,
      commentId: 56_002,
      body: "/provision infra-prod apply",
    });
    expect(refused).toContain("🚫 Shipmate did not run `/provision infra-prod apply`");
    expect(refused).toContain(
      `**infra-prod** needs 1 approving review on commit \`${short(head(PR.gated))}\``,
    );
    expect(bytesOf(`applied-${PR.gated}`)).toBeUndefined();

    approve(PR.gated, head(PR.gated));
    await say({ login: "alice", pr: PR.gated, commentId: 56_003, body: "/provision infra-prod apply" });
    await waitForStatus(app, "task-56003-1", /✅/);
    expect(sha256(bytesOf(`applied-${PR.gated}`))).toBe(sha256(bytesOf(`plan-${PR.gated}`)));
  }, 40_000);

  test("a plan file over the size limit fails the plan with a clear problem, and it cannot be applied", async () => {
    await say({ login: "alice", pr: PR.large, commentId: 55_001, body: "/provision infra plan" });
    const failed = await waitForStatus(app, "task-55001-1", /❌/);
    expect(bytesOf(`plan-${PR.large}`)).toHaveLength(LARGE_PLAN_BYTES);
    expect(failed).toContain("`shipmate.tfplan` is 6 MiB: a kept file may be at most 5 MiB.");
    expect(await app.redis.exists(artifactsKey(app.prefix, "task-55001-1"))).toBe(0);

    const refused = await reply({
      login: "alice",
      pr: PR.large,
      commentId: 55_002,
      body: "/provision infra apply",
    });
    expect(refused).toContain("The plan `task-55001-1` did not succeed: it ended failed.");
  }, 40_000);
});

function movePullRequestHead(pr: number, sha: string): void {
  const pull = app.github.repos.get("acme/shop")?.pulls?.find((p) => p.number === pr);
  if (pull === undefined) throw new Error(`acme/shop has no pull request #${pr}`);
  pull.headSha = sha;
}

function approve(pr: number, sha: string): void {
  const shop = app.github.repos.get("acme/shop");
  if (shop === undefined) throw new Error("acme/shop is not seeded");
  shop.reviews = { ...shop.reviews, [pr]: [{ login: "bob", state: "APPROVED", commitId: sha }] };
}
