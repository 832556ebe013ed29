import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { FakeGitHub } from "../../support/fake-github.ts";
import type { LocalRepo } from "../../support/git-repo.ts";
import { prComment, type Running, sendWebhook } from "../../support/harness.ts";
import { readable } from "../../support/job-thread.ts";
import { eventually } from "../../support/pr-thread.ts";

// Every run of a deploy or a migration writes when it starts and ends (ns) to a file per environment, with
// what it was asked for, so a test can see which task ran, how and whether two ever overlapped.
const RUN = `'echo "$SHIPMATE_TASK start $(date +%s%N) pr=$SHIPMATE_PR dry=$SHIPMATE_DRY_RUN target=$SHIPMATE_PARAM_TARGET" >> "$TEST_TASKS_OUT/$SHIPMATE_ENVIRONMENT"; sleep 0.4; echo "$SHIPMATE_TASK end $(date +%s%N) pr=$SHIPMATE_PR" >> "$TEST_TASKS_OUT/$SHIPMATE_ENVIRONMENT"'`;

/** acme/shop: deploys, migrations (with a `status` step but no `down`) and provisioning. */
export const SHOP_CONFIG = `environments:
  staging:
    deploy: &run ${RUN}
  production:
    deploy: *run
    require:
      permission: write
    migrate_require:
      permission: maintain
  infra: {}
  infra-prod:
    require:
      approvals: 1
tasks:
  migrate:
    run: *run
    status: 'echo "status $SHIPMATE_TASK $SHIPMATE_ENVIRONMENT pr=$SHIPMATE_PR" >> "$TEST_TASKS_OUT/status"'
  provision:
    plan: ./plan.sh
    apply: ./apply.sh
    artifacts: [shipmate.tfplan]
`;

/** acme/stale: the same provisioning, but a plan lasts one second. */
export const STALE_CONFIG = `environments:
  infra: {}
tasks:
  provision:
    plan: ./plan.sh
    apply: ./apply.sh
    artifacts: [shipmate.tfplan]
    max_plan_age: 1s
`;

// The plan leaves a binary file no commit holds (as many random bytes as the commit's PLAN_BYTES says), and
// a copy for the test; the apply copies out the file it finds in its workspace, so the two can be compared.
const PLAN_SCRIPT = `#!/bin/sh
set -eu
head -c "$(cat PLAN_BYTES)" /dev/urandom > shipmate.tfplan
cp shipmate.tfplan "$TEST_TASKS_OUT/plan-$SHIPMATE_PR"
echo "Terraform used the selected providers to generate the following execution plan."
echo "  # aws_s3_bucket.logs will be created"
echo "Plan: 2 to add, 1 to change, 0 to destroy."
echo "Saved the plan to: shipmate.tfplan"
`;

const APPLY_SCRIPT = `#!/bin/sh
set -eu
if [ ! -f shipmate.tfplan ]; then echo "no plan file in the workspace"; exit 3; fi
cp shipmate.tfplan "$TEST_TASKS_OUT/applied-$SHIPMATE_PR"
echo "applied pr=$SHIPMATE_PR sha=$SHIPMATE_SHA task=$SHIPMATE_TASK" >> "$TEST_TASKS_OUT/applied"
echo "Apply complete! Resources: 2 added, 1 changed, 0 destroyed."
`;

/** How big a plan file is, and the one that is too big to keep (the limit is 5 MiB). */
export const PLAN_BYTES = 64 * 1024;
export const LARGE_PLAN_BYTES = 6 * 1024 * 1024;

/** The repository id acme/stale has, so that its lines and plans are its own. */
export const STALE_REPOSITORY_ID = 555_001;

/** Pull requests by what they are used for; each has a head commit of its own. */
export const PR = {
  deploys: 40,
  migrates: 41,
  stricter: 42,
  status: 43,
  planned: 50,
  noPlan: 51,
  twice: 52,
  pushed: 53,
  stale: 54,
  large: 55,
  gated: 56,
} as const;

export interface SeededTasks {
  heads: Record<number, string>;
  /** A commit to move a pull request's head to. */
  later: string;
}

/** Commits the scripts and a head per pull request, and seeds the fake GitHub with both repositories. */
export function seedTasks(github: FakeGitHub, repo: LocalRepo): SeededTasks {
  repo.commit({ "plan.sh": PLAN_SCRIPT, "apply.sh": APPLY_SCRIPT }, "scripts");
  const heads: Record<number, string> = {};
  for (const number of Object.values(PR)) {
    const bytes = number === PR.large ? LARGE_PLAN_BYTES : PLAN_BYTES;
    heads[number] = repo.commit({ VERSION: `pr ${number}\n`, PLAN_BYTES: `${bytes}\n` }, `#${number}`);
  }
  const later = repo.commit({ VERSION: "later\n", PLAN_BYTES: `${PLAN_BYTES}\n` }, "later");
  const pulls = Object.values(PR).map((number) => ({
    number,
    headSha: heads[number] ?? "",
    headRef: `feature/${number}`,
  }));
  const roles = { alice: "write", maya: "maintain" };
  github.addRepo({ owner: "acme", name: "shop", config: SHOP_CONFIG, roles, pulls, cloneUrl: repo.cloneUrl });
  github.addRepo({
    owner: "acme",
    name: "stale",
    config: STALE_CONFIG,
    roles,
    pulls,
    id: STALE_REPOSITORY_ID,
    cloneUrl: repo.cloneUrl,
  });
  return { heads, later };
}

/** A comment on a pull request of acme/shop (or acme/stale). */
export interface Said {
  login: string;
  pr: number;
  body: string;
  commentId: number;
  repo?: "shop" | "stale";
}

/** Sends the comment as GitHub would deliver it; the worker fetches tasks from `cloneUrl`. */
export async function post(app: Running, cloneUrl: string, said: Said): Promise<void> {
  const payload = prComment({
    body: said.body,
    commentId: said.commentId,
    login: said.login,
    pullRequest: said.pr,
    cloneUrl,
    repo: said.repo ?? "shop",
  });
  if (said.repo === "stale") (payload.repository as { id?: number }).id = STALE_REPOSITORY_ID;
  expect((await sendWebhook(app.url, "issue_comment", payload)).status).toBe(202);
}

/** Sends the comment and returns Shipmate's one reply to it, as a reader sees it. */
export async function ask(app: Running, cloneUrl: string, said: Said): Promise<string> {
  const before = new Set(app.github.comments.keys());
  await post(app, cloneUrl, said);
  const reply = await eventually(
    () =>
      [...app.github.comments.values()].find(
        (c) => !before.has(c.id) && c.issue === said.pr && c.body.startsWith(`@${said.login}\n`),
      ),
    15_000,
    `the reply to ${JSON.stringify(said.body)}`,
  );
  return readable(reply.body);
}

export interface Run {
  task: string;
  pr: number;
  start: bigint;
  end: bigint;
  line: string;
}

/** The runs written to an environment's file, in the order they started. */
export function runsIn(out: string, environment: string): Run[] {
  const file = join(out, environment);
  if (!existsSync(file)) return [];
  const runs: Run[] = [];
  for (const line of readFileSync(file, "utf8").trim().split("\n")) {
    const [task = "", what, at = "0", pr = ""] = line.split(" ");
    const number = Number(pr.replace("pr=", ""));
    if (what === "start") runs.push({ task, pr: number, start: BigInt(at), end: 0n, line });
    const run = runs.findLast((r) => r.task === task && r.pr === number);
    if (what === "end" && run !== undefined) run.end = BigInt(at);
  }
  return runs.sort((a, b) => (a.start < b.start ? -1 : 1));
}

/** The lines of one of the out files (`status`, `applied`), empty when it is not there. */
export function linesOf(out: string, name: string): string[] {
  const file = join(out, name);
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
}
