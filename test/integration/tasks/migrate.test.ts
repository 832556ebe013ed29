import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { jobView, waitForStatus } from "../../support/job-thread.ts";
import { deploymentsFor, eventually, sleep } from "../../support/pr-thread.ts";
import { ask, linesOf, PR, post, runsIn, type Said, type SeededTasks, seedTasks } from "./tasks-fixture.ts";

let app: Running;
let repo: LocalRepo;
let seeded: SeededTasks;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "shipmate-migrate-"));
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

describe("/migrate", () => {
  test("runs tasks.migrate with SHIPMATE_TASK=migrate and its params, without a GitHub Deployment", async () => {
    const id = "task-41001-1";
    await say({ login: "alice", pr: PR.migrates, commentId: 41_001, body: "/migrate staging target=42" });
    const done = await waitForStatus(app, id, /Migrated/);
    expect(done).toContain(`✅ **Migrated** **staging** at \`${head(PR.migrates).slice(0, 7)}\``);
    expect(done).toContain("Parameters: `target=42`");
    const [run] = runsIn(out, "staging").filter((r) => r.pr === PR.migrates);
    expect(run?.task).toBe("migrate");
    expect(run?.line).toMatch(/^migrate start \d+ pr=41 dry= target=42$/);
    expect((await jobView(app, id))?.task).toBe("migrate");
    expect(deploymentsFor(app, id)).toEqual([]);
  }, 30_000);

  test("a migration and a deploy of one environment never overlap", async () => {
    const deployId = "task-41011-1";
    const migrateId = "task-41012-1";
    await say({ login: "alice", pr: PR.deploys, commentId: 41_011, body: "/deploy staging" });
    await say({ login: "alice", pr: PR.migrates, commentId: 41_012, body: "/migrate staging" });
    // The second waits its turn behind the first, whichever got there first.
    await eventually(
      () => [deployId, migrateId].some((id) => /in line for \*\*staging\*\*/.test(statusOf(id))) || undefined,
      20_000,
      "one of them waiting in line",
    );
    await waitForStatus(app, deployId, /Deployed/);
    await waitForStatus(app, migrateId, /Migrated/);
    const runs = runsIn(out, "staging").filter((r) => r.line.includes(" start ") && r.end > 0n);
    const pair = runs.filter(
      (r) => (r.task === "deploy" && r.pr === PR.deploys) || (r.task === "migrate" && r.pr === PR.migrates),
    );
    const [first, second] = pair.slice(-2);
    expect(new Set(pair.slice(-2).map((r) => r.task))).toEqual(new Set(["deploy", "migrate"]));
    expect(
      first && second && second.start > first.end,
      `${second?.task} started before ${first?.task} ended`,
    ).toBe(true);
    expect(deploymentsFor(app, deployId)).toHaveLength(1);
    expect(deploymentsFor(app, migrateId)).toEqual([]);
  }, 40_000);

  test("migrate_require is stricter than require: write may deploy there but not migrate; maintain may", async () => {
    const refused = await reply({
      login: "alice",
      pr: PR.stricter,
      commentId: 41_021,
      body: "/migrate production",
    });
    expect(refused).toContain("🚫 Shipmate did not run `/migrate production`");
    expect(refused).toContain("@alice has `write` on this repository");
    expect(refused).toContain("needs `maintain`");

    const id = "task-41022-1";
    await say({ login: "maya", pr: PR.stricter, commentId: 41_022, body: "/migrate production" });
    await waitForStatus(app, id, /Migrated/);
    expect(runsIn(out, "production").map((r) => `${r.task} ${r.pr}`)).toEqual([`migrate ${PR.stricter}`]);

    // The same person's deploy is held to `require` only.
    await say({ login: "alice", pr: PR.stricter, commentId: 41_023, body: "/deploy production" });
    await waitForStatus(app, "task-41023-1", /Deployed/);
  }, 40_000);

  test("a dry run says so to the task", async () => {
    const id = "task-41031-1";
    await say({ login: "alice", pr: PR.status, commentId: 41_031, body: "/migrate staging --dry-run" });
    await waitForStatus(app, id, /Migrated\*\* .*\(dry run\)/);
    const run = runsIn(out, "staging").find((r) => r.pr === PR.status && r.task === "migrate");
    expect(run?.line).toMatch(/ dry=1 /);
  }, 30_000);

  test("`status` runs its own step; a step the config lacks is refused", async () => {
    const id = "task-41041-1";
    await say({ login: "alice", pr: PR.status, commentId: 41_041, body: "/migrate staging status" });
    await waitForStatus(app, id, /Read migration status of/);
    expect(linesOf(out, "status")).toEqual([`status migrate staging pr=${PR.status}`]);

    const refused = await reply({
      login: "alice",
      pr: PR.status,
      commentId: 41_042,
      body: "/migrate staging down",
    });
    expect(refused).toContain("`tasks.migrate` has no `down` step");
    expect(refused).toContain("Add `down:` under `tasks.migrate`");
    await sleep(300);
    expect(await jobView(app, "task-41042-1")).toBeUndefined();
  }, 30_000);
});

function statusOf(id: string): string {
  return (
    [...app.github.comments.values()].find((c) => c.body.startsWith(`<!-- shipmate:job:${id} -->`))?.body ??
    ""
  );
}
