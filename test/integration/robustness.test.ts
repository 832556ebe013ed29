import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { Job, Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { QUEUE_NAMES } from "../../src/queue/queue-names.ts";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import {
  fixture,
  prComment,
  type Running,
  sendWebhook,
  startShipmate,
  WEBHOOK_SECRET,
} from "../support/harness.ts";
import {
  deploymentsFor,
  reactionsOn,
  sleep,
  statusComment,
  taskExists,
  waitForComment,
  waitForReactions,
} from "../support/pr-thread.ts";

const CONFIG = `environments:
  staging:
    deploy: echo "sha=$SHIPMATE_SHA"
  slow:
    deploy: sleep 2; echo "sha=$SHIPMATE_SHA"
`;

const REPO_ID = 186_853_002; // the id in GitHub's example payloads that prComment builds on

let app: Running;
let repo: LocalRepo;
let first: string;
let second: string;
let intake: Queue;

beforeAll(async () => {
  repo = createLocalRepo();
  first = repo.commit({ VERSION: "1\n" }, "first");
  second = repo.commit({ VERSION: "2\n" }, "second");
  // One task at a time, so a second deploy waits while the first runs.
  app = await startShipmate({ WORKER_CONCURRENCY: "1" });
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [
      { number: 7, headSha: first, headRef: "feature/x" },
      { number: 8, headSha: first, headRef: "feature/y" },
    ],
  });
  intake = new Queue(QUEUE_NAMES.intake, { connection: app.redis, prefix: app.prefix });
});

afterAll(async () => {
  await intake?.close();
  await app?.stop();
  repo?.remove();
});

function comment(body: string, commentId: number, pullRequest = 7) {
  return prComment({ body, commentId, pullRequest, cloneUrl: repo.cloneUrl });
}

/** Sends a body exactly as given, signed with the app's secret. */
async function sendRaw(event: string, body: string): Promise<Response> {
  return fetch(`${app.url}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await sign(WEBHOOK_SECRET, body),
    },
    body,
  });
}

async function intakeJobs(): Promise<number> {
  return (await app.redis.keys(`${app.prefix}:intake:comment-*`)).length;
}

/** Sends a delivery that must change nothing: no GitHub call, no intake job. */
async function expectNothingHappens(send: () => Promise<Response>): Promise<Response> {
  const calls = app.github.calls.length;
  const jobs = await intakeJobs();
  const response = await send();
  await sleep(250);
  expect(app.github.calls.slice(calls).map((c) => `${c.method} ${c.path}`)).toEqual([]);
  expect(await intakeJobs()).toBe(jobs);
  return response;
}

async function expectDeployed(commentId: number): Promise<string> {
  const body = await waitForComment(
    app,
    new RegExp(`^<!-- shipmate:job:task-${commentId}-1 -->[\\s\\S]*Deployed`),
  );
  expect(body).toContain(`sha=${first}`);
  // The 🚀 is the mirror's last step: after it, this job makes no more calls to disturb later tests.
  await expect.poll(() => reactionsOn(app, commentId), { timeout: 5_000 }).toContain("rocket");
  return body;
}

describe("deliveries Shipmate cannot use", () => {
  test("signed JSON with missing fields is answered without crashing, and the next delivery works", async () => {
    const malformed: unknown[] = [
      { action: "created", issue: { number: 7 }, comment: { body: "/deploy staging" } },
      { action: "created", comment: { id: 5, body: "/deploy staging", user: null } },
      { ...comment("/deploy staging", 5_001), repository: null },
      { ...comment("/deploy staging", 5_002), issue: { number: "seven", pull_request: {} } },
      { ...comment("/deploy staging", 5_008), sender: undefined },
      {},
      [],
    ];
    for (const payload of malformed) {
      const response = await expectNothingHappens(() => sendWebhook(app.url, "issue_comment", payload));
      expect(response.status, JSON.stringify(payload).slice(0, 80)).toBeGreaterThanOrEqual(200);
      expect(response.status, JSON.stringify(payload).slice(0, 80)).toBeLessThan(500);
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    await sendWebhook(app.url, "issue_comment", comment("/deploy staging", 5_003));
    await expectDeployed(5_003);
  });

  test("signed JSON that is not an object (a string, a number, null, true) is answered 4xx, not 5xx", async () => {
    for (const body of ['"just a string"', "42", "null", "true"]) {
      const response = await expectNothingHappens(() => sendRaw("issue_comment", body));
      // A 5xx tells GitHub to try again later; this body will never be any better.
      expect(response.status, body).toBeGreaterThanOrEqual(400);
      expect(response.status, body).toBeLessThan(500);
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  test("a signed body that is not JSON at all is refused with a 4xx and the app keeps working", async () => {
    const response = await expectNothingHappens(() =>
      sendRaw("issue_comment", '{"action": "created", "issue": '),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await sendWebhook(app.url, "issue_comment", comment("/deploy staging", 5_004));
    await expectDeployed(5_004);
  });

  test("an event Shipmate does not handle (gollum) is acknowledged and nothing happens", async () => {
    const payload = { pages: [{ page_name: "Home", action: "edited" }], repository: { id: REPO_ID } };
    const response = await expectNothingHappens(() => sendWebhook(app.url, "gollum", payload));
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
  });

  test("a 70 KB comment is ignored, even though it starts with a command", async () => {
    const body = `/deploy staging\n${"x".repeat(70 * 1024)}`;
    const response = await expectNothingHappens(() =>
      sendWebhook(app.url, "issue_comment", comment(body, 5_005)),
    );
    expect(response.status).toBe(200);
    expect(await taskExists(app, "task-5005-1")).toBe(false);
  });

  test("a comment on an issue (not a pull request) is ignored", async () => {
    const payload = comment("/deploy staging", 5_006) as { issue: { pull_request?: unknown } };
    delete payload.issue.pull_request;
    const response = await expectNothingHappens(() => sendWebhook(app.url, "issue_comment", payload));
    expect(response.status).toBe(200);
  });

  test("a delivery without an installation does nothing", async () => {
    const payload = comment("/deploy staging", 5_007) as { installation?: unknown };
    delete payload.installation;
    const response = await expectNothingHappens(() => sendWebhook(app.url, "issue_comment", payload));
    expect(response.status).toBeLessThan(500);
  });
});

describe("GitHub failing while a command is read", () => {
  test("two 502s for the pull request: retried with backoff, then processed once", async () => {
    app.github.faults.push({
      method: "GET",
      pathPattern: /^\/repos\/acme\/shop\/pulls\/7$/,
      status: 502,
      times: 2,
    });
    await sendWebhook(app.url, "issue_comment", comment("/deploy staging", 5_010));
    await expectDeployed(5_010);

    const reads = app.github.callsMatching(/^GET \/repos\/acme\/shop\/pulls\/7$/).slice(-3);
    expect(reads).toHaveLength(3);
    const gaps = [(reads[1]?.at ?? 0) - (reads[0]?.at ?? 0), (reads[2]?.at ?? 0) - (reads[1]?.at ?? 0)];
    // Backed off, not hammered: about 1 s, then about 2 s.
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_800);

    await sleep(300);
    const statusComments = [...app.github.comments.values()].filter((c) =>
      c.body.startsWith("<!-- shipmate:job:task-5010-1 -->"),
    );
    expect(statusComments).toHaveLength(1);
    expect(deploymentsFor(app, "task-5010-1")).toHaveLength(1);
    // 👀 may be repeated by each attempt (GitHub keeps one); the end is one 🚀 and never 👎.
    const reactions = reactionsOn(app, 5_010);
    expect(reactions.filter((r) => r === "rocket")).toHaveLength(1);
    expect(reactions).not.toContain("-1");
    expect(new Set(reactions)).toEqual(new Set(["eyes", "rocket"]));
  }, 20_000);

  test("a 404 for the pull request is not retried, and the failure is recorded", async () => {
    await sendWebhook(app.url, "issue_comment", comment("/deploy staging", 5_011, 404));
    await app.github.waitFor(/^GET \/repos\/acme\/shop\/pulls\/404$/);
    // Longer than the first backoff (1 s): a retry, let alone a storm, would show by now.
    await sleep(1_800);
    expect(app.github.callsMatching(/^GET \/repos\/acme\/shop\/pulls\/404$/)).toHaveLength(1);
    expect(reactionsOn(app, 5_011).filter((r) => r === "eyes").length).toBeLessThanOrEqual(1);

    const job = await Job.fromId(intake, "comment-5011");
    expect(await job?.getState()).toBe("failed");
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/Not Found/);
    expect(await taskExists(app, "task-5011-1")).toBe(false);
  }, 20_000);
});

describe("the pull request's head moving after the command", () => {
  test("the status comment warns that the head moved and says the pinned SHA was deployed", async () => {
    // The first deploy keeps the only task slot busy while the second waits, pinned to `first`.
    await sendWebhook(app.url, "issue_comment", comment("/deploy slow", 5_020, 8));
    await waitForComment(app, /^<!-- shipmate:job:task-5020-1 -->[\s\S]*Deploying/);
    await sendWebhook(app.url, "issue_comment", comment("/deploy slow", 5_021, 8));
    await waitForComment(app, /^<!-- shipmate:job:task-5021-1 -->[\s\S]*Queued/);
    expect(deploymentsFor(app, "task-5021-1")).toEqual([expect.objectContaining({ ref: first })]);

    const pulls = app.github.repos.get("acme/shop")?.pulls ?? [];
    const pr = pulls.find((p) => p.number === 8);
    if (pr) pr.headSha = second;
    const sync = fixture<{
      number: number;
      after: string;
      pull_request: { number: number; head: { sha: string } };
      repository: { id: number };
    }>("pull_request.synchronize");
    sync.number = 8;
    sync.after = second;
    sync.pull_request.number = 8;
    sync.pull_request.head.sha = second;
    sync.repository.id = REPO_ID;
    expect((await sendWebhook(app.url, "pull_request", sync)).status).toBe(200);
    // The first deploy is still running: the synchronize arrived before the second started.
    expect(statusComment(app, "task-5020-1")).toMatch(/Deploying/);

    const body = await waitForComment(app, /^<!-- shipmate:job:task-5021-1 -->[\s\S]*Deployed/, 15_000);
    expect(body).toContain(`sha=${first}`);
    expect(body).toContain(`The PR head moved to \`${second.slice(0, 7)}\``);
    expect(body).toContain(`deployed the pinned \`${first.slice(0, 7)}\``);
    expect(body).toContain("/deploy slow");

    const earlier = await waitForComment(app, /^<!-- shipmate:job:task-5020-1 -->[\s\S]*Deployed/);
    expect(earlier).not.toContain("head moved");
    await waitForReactions(app, 5_021, 2);
  }, 20_000);
});
