import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { ask, post, type Said, waitForState, waitForStatus } from "../../support/job-thread.ts";
import { deploymentsFor, reactionsOn, sleep, taskExists, waitForReactions } from "../../support/pr-thread.ts";
import { closePullRequest, holdEvents } from "./holds-thread.ts";

// Each deploy appends "<pr> <actor>" to a file named after its environment, so a test sees which ran.
const CONFIG = `environments:
  staging:
    deploy: 'echo staging'
  production:
    deploy: 'echo "$SHIPMATE_PR $SHIPMATE_ACTOR" >> "$TEST_DEPLOY_OUT/production"; sleep "\${SHIPMATE_PARAM_SLEEP:-0}"'
  hotfix:
    deploy: 'echo "$SHIPMATE_PR $SHIPMATE_ACTOR" >> "$TEST_DEPLOY_OUT/hotfix"'
    lock_ttl: 2s
`;

const A = 41;
const B = 42;
const C = 43;

let repo: LocalRepo;
let sha: string;
let out: string;
let app: Running;

beforeAll(() => {
  repo = createLocalRepo();
  sha = repo.commit({ README: "x\n" }, "first");
});

afterAll(() => {
  repo?.remove();
});

// A Shipmate of its own per test: its holds, line and audit trail start empty.
beforeEach(async () => {
  out = mkdtempSync(join(tmpdir(), "shipmate-holds-"));
  app = await startShipmate({ TASK_ENV: "TEST_DEPLOY_OUT", TEST_DEPLOY_OUT: out, TASK_LOCK_MS: "2000" });
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write", bob: "write", root: "admin", mallory: "read" },
    pulls: [A, B, C].map((number) => ({ number, headSha: sha, headRef: `feature/${number}` })),
  });
});

afterEach(async () => {
  await app?.stop();
  rmSync(out, { recursive: true, force: true });
});

function say(said: Said) {
  return ask(app, repo.cloneUrl, said);
}

function ran(environment: string): string {
  const file = join(out, environment);
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

function deployed(taskId: string): Promise<string> {
  return waitForStatus(app, taskId, /Deployed/);
}

/** A deploy from #A that runs for `seconds`, and one from #B waiting behind it in the production line. */
async function oneRunningOneWaiting(seconds: number): Promise<{ running: string; waiting: string }> {
  const first = await post(app, repo.cloneUrl, {
    login: "alice",
    pr: A,
    body: `/deploy production sleep=${seconds}`,
  });
  const running = `task-${first}-1`;
  await waitForState(app, running, "running");
  const second = await post(app, repo.cloneUrl, { login: "bob", pr: B, body: "/deploy production" });
  const waiting = `task-${second}-1`;
  await waitForStatus(app, waiting, /in line for \*\*production\*\*/, 10_000);
  return { running, waiting };
}

describe("/lock and /locks", () => {
  test("a hold refuses deploys from other pull requests, names who holds it, and lets the holder deploy", async () => {
    const locked = await say({ login: "alice", pr: A, body: "/lock production release freeze" });
    expect(locked.reply).toMatch(
      new RegExp(`🔒 \\*\\*production\\*\\* is locked for #${A} by @alice: release freeze\\.`),
    );

    const list = await say({ login: "bob", pr: B, body: "/locks" });
    expect(list.reply).toContain("**Locked environments** (1)");
    expect(list.reply).toMatch(
      new RegExp(`\\| \\*\\*production\\*\\* \\| #${A} \\| @alice \\| release freeze \\|`),
    );

    const refused = await say({ login: "bob", pr: B, body: "/deploy production" });
    expect(refused.reply).toContain("🚫 Shipmate did not run `/deploy production`");
    expect(refused.reply).toMatch(new RegExp(`locked by @alice for #${A} \\(“release freeze”\\), .+ ago\\.`));
    expect(await waitForReactions(app, refused.commentId, 2)).toEqual(["eyes", "-1"]);
    const refusedTask = `task-${refused.commentId}-1`;
    expect(await taskExists(app, refusedTask)).toBe(false);
    expect(deploymentsFor(app, refusedTask)).toEqual([]);

    const own = await post(app, repo.cloneUrl, { login: "alice", pr: A, body: "/deploy production" });
    await deployed(`task-${own}-1`);
    expect(reactionsOn(app, own)).not.toContain("-1");
    expect(ran("production")).toBe(`${A} alice\n`);
  });

  test("/lock is refused while another pull request holds the environment, and without the permission", async () => {
    await say({ login: "alice", pr: A, body: "/lock production release freeze" });

    const other = await say({ login: "bob", pr: B, body: "/lock production me too" });
    expect(other.reply).toMatch(
      new RegExp(`🚫 \\*\\*production\\*\\* is locked for #${A} by @alice: release freeze\\.`),
    );
    expect(await waitForReactions(app, other.commentId, 2)).toEqual(["eyes", "-1"]);

    const reader = await say({ login: "mallory", pr: C, body: "/lock staging" });
    expect(reader.reply).toContain("🚫 Shipmate did not run `/lock staging`");
    expect(reader.reply).toContain(
      "@mallory has `read` on this repository; locking **staging** takes `write`",
    );
    expect(await waitForReactions(app, reader.commentId, 2)).toEqual(["eyes", "-1"]);

    // Neither refusal changed who holds what.
    const list = await say({ login: "alice", pr: A, body: "/locks" });
    expect(list.reply).toContain("**Locked environments** (1)");
    expect(list.reply).toMatch(new RegExp(`\\| #${A} \\| @alice \\| release freeze \\|`));
    expect((await holdEvents(app)).map((e) => [e.action, e.actor, e.pullRequest])).toEqual([
      ["lock", "alice", A],
      ["lock-refused", "bob", B],
    ]);
  });
});

describe("/unlock", () => {
  test("only the holder or an admin releases a hold", async () => {
    await say({ login: "alice", pr: A, body: "/lock production release freeze" });

    const other = await say({ login: "bob", pr: B, body: "/unlock production" });
    expect(other.reply).toMatch(/🚫 \*\*production\*\* is locked .* Only @alice or someone with `admin`/);
    expect(await waitForReactions(app, other.commentId, 2)).toEqual(["eyes", "-1"]);
    expect((await say({ login: "bob", pr: B, body: "/locks" })).reply).toContain("(1)");

    const admin = await say({ login: "root", pr: B, body: "/unlock production" });
    expect(admin.reply).toContain("🔓 **production** is unlocked by @root; ");
    expect((await say({ login: "bob", pr: B, body: "/locks" })).reply).toContain("No environment is locked");

    await say({ login: "alice", pr: A, body: "/lock production again" });
    const holder = await say({ login: "alice", pr: A, body: "/unlock production" });
    expect(holder.reply).toMatch(/🔓 \*\*production\*\* is unlocked; it was locked for #41/);
    expect(reactionsOn(app, holder.commentId)).not.toContain("-1");
    expect((await say({ login: "root", pr: C, body: "/locks" })).reply).toContain("No environment is locked");

    const unlocks = (await holdEvents(app)).filter((e) => e.action === "unlock");
    expect(unlocks.map((e) => [e.actor, e.outcome, e.pullRequest])).toEqual([
      ["root", "released-by-admin", A],
      ["alice", "released", A],
    ]);
  });
});

describe("closing the pull request", () => {
  test.each([
    { merged: true, outcome: "merged" },
    { merged: false, outcome: "closed" },
  ])("releases its holds when it is $outcome, and only its own", async ({ merged, outcome }) => {
    await say({ login: "alice", pr: A, body: "/lock production release freeze" });
    await say({ login: "alice", pr: A, body: "/lock hotfix" });
    await say({ login: "bob", pr: B, body: "/lock staging" });

    // The same pull request number in another repository holds nothing here.
    expect((await closePullRequest(app, A, merged, { id: 999, name: "other" })).status).toBe(200);
    expect((await say({ login: "bob", pr: B, body: "/locks" })).reply).toContain(
      "**Locked environments** (3)",
    );

    expect((await closePullRequest(app, A, merged)).status).toBe(200);
    // GitHub may deliver the event twice; the second finds nothing left to release.
    expect((await closePullRequest(app, A, merged)).status).toBe(200);
    const left = await say({ login: "bob", pr: B, body: "/locks" });
    expect(left.reply).toContain("**Locked environments** (1)");
    expect(left.reply).toMatch(new RegExp(`\\| \\*\\*staging\\*\\* \\| #${B} \\| @bob \\|`));

    expect((await closePullRequest(app, B, merged)).status).toBe(200);
    expect((await say({ login: "root", pr: C, body: "/locks" })).reply).toContain("No environment is locked");

    const released = (await holdEvents(app)).filter((e) => e.action === "lock-released");
    expect(released.map((e) => [e.environment, e.pullRequest, e.outcome, e.actor])).toEqual([
      ["hotfix", A, outcome, "shipmate"],
      ["production", A, outcome, "shipmate"],
      ["staging", B, outcome, "shipmate"],
    ]);
  });
});

describe("lock_ttl", () => {
  test("a hold ends when its lock_ttl has passed, and the expiry is audited once", async () => {
    const locked = await say({ login: "alice", pr: A, body: "/lock hotfix short one" });
    const lockedAt = Date.now();
    expect(locked.reply).toMatch(/is locked for #41 .* or when it ends in 2s/s);

    const early = await say({ login: "bob", pr: B, body: "/deploy hotfix" });
    expect(early.reply).toContain("locked by @alice");

    // The reply came after the hold was taken, so by then its two seconds have surely passed.
    await sleep(Math.max(0, lockedAt + 2_100 - Date.now()));
    // The deploy (at accept and again on the worker), /locks and /status all read the expired hold;
    // its end is recorded once, by whichever removes it.
    const [late, list, status] = await Promise.all([
      post(app, repo.cloneUrl, { login: "bob", pr: B, body: "/deploy hotfix" }),
      say({ login: "alice", pr: A, body: "/locks" }),
      say({ login: "root", pr: C, body: "/status" }),
    ]);
    expect(list.reply).toContain("No environment is locked");
    expect(status.reply).not.toContain("Locked");
    await deployed(`task-${late}-1`);
    expect(reactionsOn(app, late)).not.toContain("-1");
    expect(ran("hotfix")).toBe(`${B} bob\n`);
    expect((await say({ login: "bob", pr: B, body: "/locks" })).reply).toContain("No environment is locked");

    const expired = (await holdEvents(app)).filter((e) => e.action === "lock-expired");
    expect(expired).toEqual([
      expect.objectContaining({
        actor: "shipmate",
        surface: "system",
        environment: "hotfix",
        pullRequest: A,
        outcome: "expired",
        reason: "held by @alice for #41 (short one)",
      }),
    ]);
  });
});

test("every lock change is in the audit trail: who, what, when and why", async () => {
  const from = Date.now();
  await say({ login: "alice", pr: A, body: "/lock production release freeze" });
  await say({ login: "bob", pr: B, body: "/lock production me too" });
  await say({ login: "bob", pr: B, body: "/unlock production" });
  await say({ login: "root", pr: C, body: "/unlock production" });
  await say({ login: "bob", pr: B, body: "/lock production hotfix window" });
  expect((await closePullRequest(app, B, true)).status).toBe(200);
  const to = Date.now();

  const events = await holdEvents(app);
  const repository = "acme/shop";
  const environment = "production";
  const user = { surface: "github", repository, environment };
  const system = { actor: "shipmate", surface: "system", repository, environment };
  expect(events.map(({ at: _, ...event }) => event)).toEqual([
    { ...user, action: "lock", actor: "alice", pullRequest: A, outcome: "taken", reason: "release freeze" },
    {
      ...user,
      action: "lock-refused",
      actor: "bob",
      pullRequest: B,
      reason: "held by @alice for #41 (release freeze)",
    },
    {
      ...user,
      action: "unlock",
      actor: "root",
      pullRequest: A,
      outcome: "released-by-admin",
      reason: "held by @alice for #41 (release freeze)",
    },
    { ...user, action: "lock", actor: "bob", pullRequest: B, outcome: "taken", reason: "hotfix window" },
    {
      ...system,
      action: "lock-released",
      pullRequest: B,
      outcome: "merged",
      reason: "held by @bob for #42 (hotfix window)",
    },
  ]);
  const times = events.map((event) => event.at);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  for (const at of times) expect(at >= from && at <= to, `${at} within ${from}..${to}`).toBe(true);
});

test("/status names the running job, the job waiting behind it and the hold", async () => {
  await say({ login: "root", pr: C, body: "/lock staging db maintenance" });
  const { running, waiting } = await oneRunningOneWaiting(3);

  const { reply } = await say({ login: "root", pr: C, body: "/status" });
  expect(reply).toMatch(
    new RegExp(`- 🚧 Running: \`${running}\` deploy of \`${sha.slice(0, 7)}\`, #${A} by @alice, for `),
  );
  expect(reply).toMatch(
    new RegExp(
      `- ⏳ Waiting, in the order they will run:\\n  1\\. \`${waiting}\` deploy of \`${sha.slice(0, 7)}\`, #${B} by @bob, waiting `,
    ),
  );
  expect(reply).toMatch(
    new RegExp(`\\*\\*staging\\*\\*\\n- 🔒 Locked for #${C} by @root, .* ago: db maintenance\\.`),
  );
  expect(reply).toContain("Nothing running, waiting or locked in **hotfix**.");

  await deployed(running);
  await deployed(waiting);
  expect(ran("production")).toBe(`${A} alice\n${B} bob\n`);
}, 40_000);

test("a deploy already waiting when another pull request takes the hold is refused when its turn comes", async () => {
  const { running, waiting } = await oneRunningOneWaiting(2);
  await say({ login: "root", pr: C, body: "/lock production freeze" });

  // The hold does not stop what already runs; it keeps out what has not started.
  await deployed(running);
  await waitForState(app, waiting, "refused");
  const body = await waitForStatus(app, waiting, /refused/, 10_000);
  expect(body).toMatch(new RegExp(`locked by @root for #${C} \\(“freeze”\\)`));
  expect(ran("production")).toBe(`${A} alice\n`);
}, 40_000);
