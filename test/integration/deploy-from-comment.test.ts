import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../support/harness.ts";
import { commentsOn, waitForComment } from "../support/pr-thread.ts";
import { isRunning } from "./executors/process-helpers.ts";

const CONFIG = `environments:
  staging:
    deploy: ./scripts/deploy.sh
    url: https://staging.example.com
  production:
    deploy: { run: [./scripts/deploy.sh, production] }
    require:
      permission: maintain
  broken:
    deploy: "echo about to fail; echo bad thing >&2; exit 3"
  slow:
    deploy: { run: "sh -c 'sleep 30 & echo $! > \\"$TEST_DEPLOY_OUT/slow.pid\\"; wait'", timeout: 1s }
`;

const DEPLOY_SCRIPT = `#!/bin/sh
set -eu
echo "deploying $SHIPMATE_SHA to $SHIPMATE_ENVIRONMENT (\${1:-none})"
out="$TEST_DEPLOY_OUT/$SHIPMATE_ENVIRONMENT"
mkdir -p "$out"
cat VERSION > "$out/version"
printf '%s' "$SHIPMATE_PARAMS" > "$out/params.json"
printf '%s' "$SHIPMATE_REF" > "$out/ref"
env | sed -n 's/^\\(SHIPMATE_[A-Z_]*\\)=.*/\\1/p' | sort > "$out/names"
`;

let app: Running;
let repo: LocalRepo;
let out: string;
let pinned: string;
let newer: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "shipmate-out-"));
  process.env.TEST_DEPLOY_OUT = out;
  repo = createLocalRepo();
  pinned = repo.commit({ "scripts/deploy.sh": DEPLOY_SCRIPT, VERSION: "pinned\n" }, "first");
  newer = repo.commit({ VERSION: "newer\n" }, "second");
  app = await startShipmate({ TASK_ENV: "TEST_DEPLOY_OUT", TEST_DEPLOY_OUT: out });
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write", mallory: "read", maya: "maintain" },
    pulls: [
      { number: 7, headSha: pinned, headRef: "feature/x" },
      { number: 8, headSha: pinned, headRef: "patch-1", headRepoFullName: "evil/shop" },
      { number: 9, headSha: pinned, headRef: "gone", headRepoFullName: null },
    ],
  });
});

afterAll(async () => {
  await app?.stop();
  repo?.remove();
  rmSync(out, { recursive: true, force: true });
});

function comment(body: string, extra: Partial<Parameters<typeof prComment>[0]> = {}) {
  return prComment({ body, cloneUrl: repo.cloneUrl, ...extra });
}

describe("/deploy on a pull request", () => {
  test("deploys the pinned head commit and reports every step in the thread", async () => {
    const payload = comment('Looks good.\n/deploy staging version=2 note="hello world"', { commentId: 1001 });
    const started = Date.now();
    const response = await sendWebhook(app.url, "issue_comment", payload);
    expect(response.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(2_000);

    await app.github.waitFor(/^POST \/repos\/acme\/shop\/issues\/comments\/1001\/reactions$/);
    const eyes = app.github.callsMatching(/reactions$/)[0];
    expect(eyes?.body).toEqual({ content: "eyes" });

    const body = await waitForComment(app, /shipmate:job:task-1001-2[\s\S]*Deployed/);
    expect(body).toContain(pinned.slice(0, 7));
    expect(body).toContain("staging");
    expect(body).toContain("deploying");

    expect(readFileSync(join(out, "staging", "version"), "utf8")).toBe("pinned\n");
    expect(JSON.parse(readFileSync(join(out, "staging", "params.json"), "utf8"))).toEqual({
      version: "2",
      note: "hello world",
    });
    expect(
      readFileSync(join(out, "staging", "names"), "utf8")
        .trim()
        .split("\n"),
    ).toEqual([
      "SHIPMATE_ACTOR",
      "SHIPMATE_DRY_RUN",
      "SHIPMATE_ENVIRONMENT",
      "SHIPMATE_PARAMS",
      "SHIPMATE_PARAM_NOTE",
      "SHIPMATE_PARAM_VERSION",
      "SHIPMATE_PR",
      "SHIPMATE_REF",
      "SHIPMATE_SHA",
      "SHIPMATE_TASK",
    ]);

    const deployments = app.github.callsMatching(/^POST \/repos\/acme\/shop\/deployments$/);
    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.body).toMatchObject({
      ref: pinned,
      environment: "staging",
      required_contexts: [],
    });
    await app.github.waitFor(/reactions$/, 2);
    const statuses = await app.github.waitFor(/^POST \/repos\/acme\/shop\/deployments\/\d+\/statuses$/);
    await expect
      .poll(() =>
        app.github
          .callsMatching(/statuses$/)
          .map((c) => (c.body as { state: string }).state)
          .at(-1),
      )
      .toBe("success");
    expect(statuses[0]?.body).toMatchObject({ environment_url: "https://staging.example.com" });
    const reactions = app.github
      .callsMatching(/1001\/reactions$/)
      .map((c) => (c.body as { content: string }).content);
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(newer).not.toBe(pinned);
  });

  test("refuses a requester without the environment's permission, saying what would allow it", async () => {
    const response = await sendWebhook(
      app.url,
      "issue_comment",
      comment("/deploy production", { login: "alice", commentId: 1002 }),
    );
    expect(response.status).toBe(202);
    await app.github.waitFor(/1002\/reactions$/, 2);
    const reactions = app.github
      .callsMatching(/1002\/reactions$/)
      .map((c) => (c.body as { content: string }).content);
    expect(reactions).toEqual(["eyes", "-1"]);
    const reply = commentsOn(app, 7).find((b) => b.includes("/deploy production"));
    expect(reply).toContain("maintain");
    expect(reply).toContain("@alice");
    expect(
      app.github
        .callsMatching(/deployments$/)
        .filter((c) => (c.body as { environment: string }).environment === "production"),
    ).toHaveLength(0);
  });

  test("refuses pull requests from forks and from deleted forks", async () => {
    await sendWebhook(
      app.url,
      "issue_comment",
      comment("/deploy staging", { pullRequest: 8, commentId: 1003 }),
    );
    await sendWebhook(
      app.url,
      "issue_comment",
      comment("/deploy staging", { pullRequest: 9, commentId: 1004 }),
    );
    await app.github.waitFor(/1003\/reactions$/, 2);
    await app.github.waitFor(/1004\/reactions$/, 2);
    expect(commentsOn(app, 8).join("\n")).toMatch(/fork `evil\/shop`/);
    expect(commentsOn(app, 9).join("\n")).toMatch(/fork has been deleted/);
  });

  test("a failing task is reported as failed with its output and a failure status", async () => {
    await sendWebhook(app.url, "issue_comment", comment("/deploy broken", { commentId: 1005 }));
    const body = await waitForComment(app, /task-1005-1[\s\S]*(failed|Failed)/);
    expect(body).toContain("bad thing");
    expect(body).toContain("exited with code 3");
    await expect
      .poll(() =>
        app.github.callsMatching(/1005\/reactions$/).map((c) => (c.body as { content: string }).content),
      )
      .toEqual(["eyes", "confused"]);
  });

  test("a task over its timeout is stopped with every process it started", async () => {
    await sendWebhook(app.url, "issue_comment", comment("/deploy slow", { commentId: 1006 }));
    const body = await waitForComment(app, /task-1006-1[\s\S]*longer than 1s/);
    expect(body).toContain("slow");
    const pid = Number(readFileSync(join(out, "slow.pid"), "utf8"));
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(false);
  });

  test("a redelivered webhook and the same comment delivered twice queue one job", async () => {
    const payload = comment("/deploy staging", { commentId: 1007 });
    const responses = await Promise.all([
      sendWebhook(app.url, "issue_comment", payload, { deliveryId: "dup-1" }),
      sendWebhook(app.url, "issue_comment", payload, { deliveryId: "dup-1" }),
      sendWebhook(app.url, "issue_comment", payload, { deliveryId: "dup-2" }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202]);
    await waitForComment(app, /task-1007-1[\s\S]*Deployed/);
    await sendWebhook(app.url, "issue_comment", payload, { deliveryId: "dup-3" });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      app.github
        .callsMatching(/1007\/reactions$/)
        .filter((c) => (c.body as { content: string }).content === "eyes"),
    ).toHaveLength(1);
    expect([...app.github.comments.values()].filter((c) => c.body.includes("task-1007-1"))).toHaveLength(1);
  });

  test("bot comments, Shipmate's own included, are ignored", async () => {
    const before = app.github.calls.length;
    const response = await sendWebhook(
      app.url,
      "issue_comment",
      comment("/deploy staging", { login: "shipmate[bot]", senderType: "Bot", commentId: 1009 }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ignored\n");
    await new Promise((r) => setTimeout(r, 300));
    // Reports of earlier tests may still land; nothing may concern this comment.
    expect(app.github.calls.slice(before).filter((c) => c.path.includes("1009"))).toEqual([]);
    expect(await app.redis.exists(`${app.prefix}:intake:comment-1009`)).toBe(0);
  });
});
