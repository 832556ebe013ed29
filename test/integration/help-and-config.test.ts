import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { fixture, prComment, type Running, sendWebhook, startShipmate } from "../support/harness.ts";
import {
  commentsOn,
  deploymentsFor,
  reactionsOn,
  sleep,
  taskExists,
  waitForComment,
  waitForReactions,
} from "../support/pr-thread.ts";

const CONFIG = `environments:
  staging:
    deploy: echo "deploying to $SHIPMATE_ENVIRONMENT"
    url: https://staging.example.com
  production:
    deploy: echo "deploying to production"
    require:
      permission: maintain
`;

// Line 3: a misspelt key; line 5: a permission GitHub does not have.
const INVALID_CONFIG = `environments:
  staging:
    deplyo: ./scripts/deploy.sh
    require:
      permission: superuser
`;

const V1 = `environments:
  staging:
    deploy: echo staging
`;
const V2 = `environments:
  staging:
    deploy: echo staging
  review:
    deploy: echo "review deployed from the new config"
`;

/** Each repository has its own id (the config cache is keyed by it) and its own pull request number. */
const REPOS = {
  shop: { id: 3_001, pr: 31 },
  bare: { id: 3_002, pr: 32 },
  broken: { id: 3_003, pr: 33 },
  evolving: { id: 3_004, pr: 34 },
} as const;
type RepoName = keyof typeof REPOS;

let app: Running;
let repo: LocalRepo;
let head: string;

beforeAll(async () => {
  repo = createLocalRepo();
  head = repo.commit({ "README.md": "hello\n" }, "first");
  app = await startShipmate();
  const configs: Record<RepoName, string | undefined> = {
    shop: CONFIG,
    bare: undefined,
    broken: INVALID_CONFIG,
    evolving: V1,
  };
  for (const [name, { pr }] of Object.entries(REPOS) as [RepoName, { pr: number }][]) {
    const config = configs[name];
    app.github.addRepo({
      owner: "acme",
      name,
      ...(config === undefined ? {} : { config }),
      roles: { alice: "admin" },
      pulls: [{ number: pr, headSha: head, headRef: "feature/x" }],
    });
  }
});

afterAll(async () => {
  await app?.stop();
  repo?.remove();
});

function comment(name: RepoName, body: string, commentId: number) {
  const payload = prComment({
    body,
    commentId,
    repo: name,
    pullRequest: REPOS[name].pr,
    cloneUrl: repo.cloneUrl,
  });
  // prComment keeps the id of GitHub's example repository; each repository here needs its own.
  return { ...payload, repository: { ...payload.repository, id: REPOS[name].id } };
}

async function send(name: RepoName, body: string, commentId: number): Promise<void> {
  const response = await sendWebhook(app.url, "issue_comment", comment(name, body, commentId));
  // 202: the comment holds a command and is recorded; 200: nothing in it for Shipmate.
  expect([200, 202]).toContain(response.status);
}

function push(name: RepoName, branch: string) {
  const payload = fixture<{
    ref: string;
    repository: {
      id: number;
      name: string;
      full_name: string;
      default_branch: string;
      owner: { login: string; name: string };
    };
  }>("push.default-branch");
  payload.ref = `refs/heads/${branch}`;
  payload.repository.id = REPOS[name].id;
  payload.repository.name = name;
  payload.repository.full_name = `acme/${name}`;
  payload.repository.default_branch = "main";
  payload.repository.owner.login = "acme";
  payload.repository.owner.name = "acme";
  return payload;
}

function configReads(name: RepoName): number {
  return app.github.callsMatching(new RegExp(`^GET /repos/acme/${name}/contents/\\.github/shipmate\\.yml$`))
    .length;
}

describe("/help", () => {
  test("replies with the commands and this repository's environments, and runs nothing", async () => {
    await send("shop", "/help", 4001);
    const reply = await waitForComment(app, /\*\*Shipmate commands\*\*/);
    expect(reply.startsWith("@alice")).toBe(true);
    expect(reply).toContain("/deploy");
    expect(reply).toContain("**Environments**");
    expect(reply).toMatch(/\| `staging` \|.*https:\/\/staging\.example\.com.*\| write \|/);
    expect(reply).toMatch(/\| `production` 🔒 \|.*\| maintain \|/);
    expect(reactionsOn(app, 4001)).toEqual(["eyes"]);
    expect(app.github.callsMatching(/deployments/)).toHaveLength(0);
  });
});

describe("a repository without a valid config", () => {
  test("no config file: one reply saying so, 👎, and nothing runs", async () => {
    await send("bare", "/deploy staging", 4002);
    expect(await waitForReactions(app, 4002, 2)).toEqual(["eyes", "-1"]);
    const replies = commentsOn(app, REPOS.bare.pr);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("no `.github/shipmate.yml`");
    expect(replies[0]).toContain("`main`");
    expect(app.github.callsMatching(/^POST \/repos\/acme\/bare\/deployments/)).toHaveLength(0);
    expect(await taskExists(app, "task-4002-1")).toBe(false);
  });

  test("no config file: /help shows how to add one", async () => {
    await send("bare", "/help", 4003);
    const reply = await waitForComment(app, /has no `\.github\/shipmate\.yml` on its default branch yet/);
    expect(reply).toContain("```yaml\nenvironments:");
    expect(reply).toContain("**Shipmate commands**");
  });

  test("an invalid config: one reply naming each line and problem, 👎, no deployment, no task", async () => {
    await send("broken", "/deploy staging", 4004);
    expect(await waitForReactions(app, 4004, 2)).toEqual(["eyes", "-1"]);
    const replies = commentsOn(app, REPOS.broken.pr);
    expect(replies).toHaveLength(1);
    const reply = replies[0] ?? "";
    expect(reply).toContain("2 problems");
    expect(reply).toMatch(/line 3\b[^\n]*`deplyo`[^\n]*did you mean `deploy`/);
    expect(reply).toMatch(/line 5\b[^\n]*read, triage, write, maintain, admin/);
    expect(reply).toContain("blob/main/.github/shipmate.yml#L3");
    expect(reply).toContain("Nothing was run");
    expect(app.github.callsMatching(/^POST \/repos\/acme\/broken\/deployments/)).toHaveLength(0);
    expect(await taskExists(app, "task-4004-1")).toBe(false);
  });

  test("an invalid config: /help says what is wrong with the file instead of claiming there is none", async () => {
    await send("broken", "/help", 4010);
    await waitForReactions(app, 4010, 1);
    await app.github.waitFor(/^POST \/repos\/acme\/broken\/issues\/33\/comments$/, 2);
    const reply = commentsOn(app, REPOS.broken.pr).at(-1) ?? "";
    expect(reply).toContain("**Shipmate commands**");
    expect(reply).not.toContain("has no `.github/shipmate.yml`");
    expect(reply).toMatch(/line 3\b/);
  });
});

describe("words that are not Shipmate commands", () => {
  test("a typo gets a reply suggesting the command, and nothing runs", async () => {
    await send("shop", "/deplyo staging", 4005);
    const reply = await waitForComment(app, /`\/deplyo`/);
    expect(reply).toContain("Did you mean `/deploy`?");
    expect(reply).toContain("Usage:");
    expect(await taskExists(app, "task-4005-1")).toBe(false);
    expect(app.github.callsMatching(/deployments/)).toHaveLength(0);
  });

  test("another bot's command (/lgtm) causes no call at all", async () => {
    const before = app.github.calls.length;
    await send("shop", "/lgtm", 4006);
    await sleep(400);
    expect(app.github.calls.slice(before).filter((c) => c.path.includes("4006"))).toEqual([]);
    expect(await app.redis.exists(`${app.prefix}:intake:comment-4006`)).toBe(0);
  });
});

describe("a push to the default branch", () => {
  test("makes the next command read the config again; pushes to other branches do not", async () => {
    await send("evolving", "/deploy review", 4007);
    await waitForReactions(app, 4007, 2);
    expect(commentsOn(app, REPOS.evolving.pr).join("\n")).toContain("no environment `review`");
    expect(configReads("evolving")).toBe(1);

    const evolving = app.github.repos.get("acme/evolving");
    if (evolving) evolving.config = V2;

    const other = await sendWebhook(app.url, "push", push("evolving", "feature/x"));
    expect(other.status).toBe(200);
    await send("evolving", "/deploy review", 4008);
    expect(await waitForReactions(app, 4008, 2)).toEqual(["eyes", "-1"]);
    expect(configReads("evolving")).toBe(1);

    const main = await sendWebhook(app.url, "push", push("evolving", "main"));
    expect(main.status).toBe(200);
    await send("evolving", "/deploy review", 4009);
    const status = await waitForComment(app, /^<!-- shipmate:job:task-4009-1 -->[\s\S]*Deployed/);
    expect(status).toContain("review deployed from the new config");
    expect(configReads("evolving")).toBe(2);
    expect(deploymentsFor(app, "task-4009-1")).toEqual([
      expect.objectContaining({ environment: "review", ref: head }),
    ]);
    expect(reactionsOn(app, 4009)).not.toContain("-1");
  });
});
