import { afterAll, beforeAll, expect, test } from "vitest";
import { recordFigure } from "../support/figures.ts";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../support/harness.ts";
import { deploymentsFor, eventually, statusComment } from "../support/pr-thread.ts";
import {
  BAD_GATEWAY,
  callsInsideRetryAfter,
  type FaultedRoute,
  faultsByStatus,
  type OutagePhase,
  retriedCalls,
  runOutage,
  SECONDARY_RATE_LIMIT,
  TOO_MANY_REQUESTS,
} from "./support/api-fault-github-outage.ts";

// Long enough that the job is queued, runs and ends while GitHub is failing.
const CONFIG = `environments:
  staging:
    deploy: sleep 1; echo "deployed $SHIPMATE_SHA"
    url: https://staging.example.com
`;

const COMMENTS: FaultedRoute = {
  method: "POST",
  pathPattern: /^\/repos\/acme\/shop\/issues\/\d+\/comments$/,
};
const EDITS: FaultedRoute = { method: "PATCH", pathPattern: /^\/repos\/acme\/shop\/issues\/comments\/\d+$/ };
const REACTIONS: FaultedRoute = {
  method: "POST",
  pathPattern: /^\/repos\/acme\/shop\/issues\/comments\/\d+\/reactions$/,
};
const STATUSES: FaultedRoute = {
  method: "POST",
  pathPattern: /^\/repos\/acme\/shop\/deployments\/\d+\/statuses$/,
};
// The Retry-After of each rate-limited answer below.
const WAITS = new Map([
  [403, 1_000],
  [429, 1_000],
]);

let app: Running;
let repo: LocalRepo;
let sha: string;

beforeAll(async () => {
  repo = createLocalRepo();
  sha = repo.commit({ README: "x\n" }, "first");
  app = await startShipmate();
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [
      { number: 7, headSha: sha, headRef: "feature/x" },
      { number: 8, headSha: sha, headRef: "feature/y" },
    ],
  });
});

afterAll(async () => {
  await app?.stop();
  repo?.remove();
});

/** `/deploy staging` on pull request `pr`; resolves once Shipmate has put 👀 on it. */
async function deploy(commentId: number, pr: number): Promise<void> {
  const payload = prComment({ body: "/deploy staging", commentId, pullRequest: pr, cloneUrl: repo.cloneUrl });
  expect((await sendWebhook(app.url, "issue_comment", payload)).status).toBe(202);
  await app.github.waitFor(new RegExp(`/issues/comments/${commentId}/reactions$`));
}

/** Calls the fake answered for real (not with a fault) matching `METHOD path`. */
function landed(pattern: RegExp) {
  return app.github.callsMatching(pattern).filter((call) => call.faulted === undefined);
}

/** The 🚀 that landed on comment `commentId`. */
function rockets(commentId: number): number {
  return landed(new RegExp(`/issues/comments/${commentId}/reactions$`)).filter(
    (call) => (call.body as { content?: string }).content === "rocket",
  ).length;
}

/** Waits for the job's final report: the comment reads Deployed and the command has its 🚀. */
async function finalReport(commentId: number): Promise<string> {
  return eventually(
    () => {
      const body = statusComment(app, `task-${commentId}-1`);
      return body?.includes("Deployed") && rockets(commentId) > 0 ? body : undefined;
    },
    30_000,
    `the final report of ${commentId}`,
  );
}

/** Each kind of failure, one after another: a 502, a secondary rate limit (403), a 429. */
function everyKind(calls: number): OutagePhase[] {
  return [
    { ...BAD_GATEWAY, calls },
    { ...SECONDARY_RATE_LIMIT, calls },
    { ...TOO_MANY_REQUESTS, calls },
  ];
}

/** The states of the Deployment made for the job of comment `commentId`, oldest first. */
function deploymentStates(commentId: number): string[] {
  const deployment = app.github
    .deploymentsOf("acme", "shop")
    .find((d) => (d.payload as { job?: string } | undefined)?.job === `task-${commentId}-1`);
  return deployment?.statuses.map((status) => status.state) ?? [];
}

test("502, then a secondary rate limit, then 429 from the 👀 on: the status comment is posted once, after", async (context) => {
  const since = app.github.calls.length;
  await deploy(7_001, 7);
  const routes = [COMMENTS, EDITS, REACTIONS, STATUSES];
  const recoveredAt = await runOutage(app.github, routes, everyKind(3));

  const final = await finalReport(7_001);
  expect(final).toContain(sha.slice(0, 7));
  expect(final).toContain("staging");

  const calls = app.github.calls.slice(since);
  const failed = faultsByStatus(calls);
  expect([...failed.entries()].sort()).toEqual([
    [403, 3],
    [429, 3],
    [502, 3],
  ]);
  // One status comment, created once: the thread holds nothing else from Shipmate.
  const created = landed(/^POST \/repos\/acme\/shop\/issues\/7\/comments$/);
  expect(created).toHaveLength(1);
  expect([...app.github.comments.values()].filter((c) => c.issue === 7)).toHaveLength(1);
  // The Deployment ends in success, reported once; one 🚀.
  expect(deploymentsFor(app, "task-7001-1")).toHaveLength(1);
  const states = deploymentStates(7_001);
  expect(states.at(-1)).toBe("success");
  expect(states.filter((state) => state === "success")).toHaveLength(1);
  expect(rockets(7_001)).toBe(1);
  // GitHub may ban an integration that keeps writing while it is told to wait.
  const early = callsInsideRetryAfter(calls, routes, WAITS);
  expect(early).toBe(0);

  const landedAt = Math.max(...landed(/^(POST|PATCH) \/repos\/acme\/shop\//).map((call) => call.at));
  recordFigure(
    context,
    "failures injected (502 / 403 secondary / 429)",
    `${[...failed.values()].reduce((sum, n) => sum + n, 0)} (${failed.get(502)} / ${failed.get(403)} / ${failed.get(429)})`,
  );
  recordFigure(context, "retries seen", retriedCalls(calls));
  recordFigure(context, "calls made before a Retry-After had passed", early);
  recordFigure(context, "status comments posted", created.length);
  recordFigure(context, "duplicate comments", created.length - 1);
  recordFigure(context, "time to final report after recovery (ms)", Math.max(0, landedAt - recoveredAt));
}, 50_000);

test("Deployment statuses, then reactions failing after the comment landed: only what failed is sent again", async (context) => {
  const since = app.github.calls.length;
  await deploy(7_002, 8);
  // The job runs: its comment and its in_progress status are in. Then its success status fails three
  // times, and once that is in, its 🚀 fails twice.
  await eventually(
    () => (deploymentStates(7_002).includes("in_progress") ? true : undefined),
    15_000,
    "running",
  );
  await runOutage(
    app.github,
    [STATUSES],
    [
      { ...BAD_GATEWAY, calls: 2 },
      { ...SECONDARY_RATE_LIMIT, calls: 1 },
    ],
  );
  const recoveredAt = await runOutage(app.github, [REACTIONS], [{ ...TOO_MANY_REQUESTS, calls: 2 }]);

  await finalReport(7_002);
  const calls = app.github.calls.slice(since);
  const failed = faultsByStatus(calls);
  expect([...failed.entries()].sort()).toEqual([
    [403, 1],
    [429, 2],
    [502, 2],
  ]);
  expect(landed(/^POST \/repos\/acme\/shop\/issues\/8\/comments$/)).toHaveLength(1);
  // Each version of the comment is written once: a retry for a failed status or reaction does not edit it again.
  const bodies = calls.filter((c) => c.method === "PATCH").map((c) => (c.body as { body: string }).body);
  expect(new Set(bodies).size).toBe(bodies.length);
  const states = deploymentStates(7_002);
  expect(states).toEqual(["in_progress", "success"]);
  expect(rockets(7_002)).toBe(1);
  expect(callsInsideRetryAfter(calls, [STATUSES, REACTIONS], WAITS)).toBe(0);

  const rocketAt = landed(/^POST \/repos\/acme\/shop\/issues\/comments\/7002\/reactions$/).at(-1)?.at ?? 0;
  recordFigure(
    context,
    "failures injected",
    [...failed.values()].reduce((sum, n) => sum + n, 0),
  );
  recordFigure(context, "retries seen", retriedCalls(calls));
  recordFigure(context, "Deployment success statuses", states.filter((s) => s === "success").length);
  recordFigure(context, "comment edits repeated", bodies.length - new Set(bodies).size);
  recordFigure(context, "time to final reaction after recovery (ms)", Math.max(0, rocketAt - recoveredAt));
}, 50_000);
