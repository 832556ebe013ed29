import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signJobLink } from "../../../src/web/signed-job-link.ts";
import { FakeSlack, messageText } from "../../support/fake-slack.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../../support/harness.ts";
import { eventually, waitForComment } from "../../support/pr-thread.ts";

// 400 lines of 150 bytes: more than a status comment shows (200 lines) and than the job record keeps
// (48 kB), then the planted secret, markup, and a failure.
const CONFIG = `environments:
  staging:
    deploy: 'p=$(printf "%140s" "" | tr " " x); i=0; while [ "$i" -lt 400 ]; do echo "line $i $p"; i=$((i + 1)); done; echo "token is $DEPLOY_TOKEN"; echo "<script>alert(1)</script>"; echo last line; exit 4'
slack:
  channel: "#deploys"
`;

const PLANTED = "planted-deploy-token-9f8e7d6c5b4a";
const PUBLIC_URL = "https://shipmate.example.test/";
const OPERATOR = { user: "ops", password: "correct horse battery staple" };

let app: Running;
let slack: FakeSlack;
let repo: LocalRepo;
let link: URL;

function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}

/** The link as a browser would follow it, sent to this test's server instead of PUBLIC_URL. */
function local(url: URL | string): string {
  const parsed = new URL(url);
  return `${app.url}${parsed.pathname}${parsed.search}`;
}

function withParams(params: Record<string, string>, base: URL = link): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return local(url);
}

beforeAll(async () => {
  repo = createLocalRepo();
  const sha = repo.commit({ README: "x\n" }, "first");
  slack = new FakeSlack();
  app = await startShipmate({
    PUBLIC_URL,
    OPERATOR_USER: OPERATOR.user,
    OPERATOR_PASSWORD: OPERATOR.password,
    TASK_SECRET_ENV: "DEPLOY_TOKEN",
    DEPLOY_TOKEN: PLANTED,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: "slack-signing-secret-0123456789",
    SLACK_API_URL: await slack.start(),
  });
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: sha, headRef: "feature/x" }],
    cloneUrl: repo.cloneUrl,
  });
  const payload = prComment({ body: "/deploy staging", commentId: 5101, cloneUrl: repo.cloneUrl });
  expect((await sendWebhook(app.url, "issue_comment", payload)).status).toBe(202);
  const body = await waitForComment(app, /shipmate:job:task-5101-1[\s\S]*failed[\s\S]*\[Full log\]/i, 30_000);
  const href = /\[Full log\]\((https:[^)\s]+)\)/.exec(body)?.[1];
  if (href === undefined) throw new Error(`no Full log link in:\n${body}`);
  link = new URL(href);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await slack?.stop();
  repo?.remove();
});

describe("the job page behind a signed link", () => {
  test("the status comment links to the job's page under PUBLIC_URL, valid for 7 days", () => {
    expect(link.origin + link.pathname).toBe("https://shipmate.example.test/jobs/task-5101-1");
    const exp = Number(link.searchParams.get("exp"));
    const days = (exp * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    expect(link.searchParams.get("sig")).toMatch(/^[0-9a-f]{64}$/);
  });

  test("shows the state, the facts and the whole log, masked and escaped, with strict headers", async () => {
    const response = await fetch(local(link));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+';.*frame-ancestors 'none'/,
    );
    const html = await response.text();
    expect(html).toContain("<h1>Deploy of acme/shop@");
    expect(html).toContain("staging: failed</h1>");
    expect(html).toMatch(/<th>Exit code<\/th><td>4<\/td>/);
    // The comment shows the last 200 lines; the page has the first ones too.
    for (const line of ["line 0 x", "line 199 x", "line 399 x", "last line"]) expect(html).toContain(line);
    expect(html).not.toContain("not kept");
    expect(html).not.toContain("dropped");
    expect(html).toContain("token is ***");
    expect(html).not.toContain(PLANTED);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/<script/i);
  });

  test("the log is kept in Redis already masked, under a TTL", async () => {
    const key = `${app.prefix}:log:task-5101-1`;
    const stored = await app.redis.get(key);
    expect(stored).toContain("token is ***");
    expect(stored).not.toContain(PLANTED);
    const ttl = await app.redis.ttl(key);
    expect(ttl).toBeGreaterThan(6 * 86_400);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400);
  });

  test("a tampered link is refused before the job is even looked up", async () => {
    const sig = link.searchParams.get("sig") ?? "";
    const flipped = `${sig[0] === "0" ? "1" : "0"}${sig.slice(1)}`;
    const exp = Number(link.searchParams.get("exp"));
    const tampered = [
      withParams({ sig: flipped }),
      withParams({ exp: String(exp + 3600) }),
      withParams({ sig: sig.slice(0, 63) }),
      local(new URL(`${link.origin}/jobs/task-5101-2${link.search}`)),
      local(new URL(`${link.origin}/jobs/task-9999-1${link.search}`)),
    ];
    for (const url of tampered) {
      const response = await fetch(url);
      expect(response.status, url).toBe(403);
      expect(await response.text()).toContain("not valid");
    }
  });

  test("an expired link is refused, and the operator may sign in instead", async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const sig = signJobLink(app.settings.web.jobLinkKey, "task-5101-1", past);
    const response = await fetch(withParams({ exp: String(past), sig }));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm="Shipmate"/);
    expect(await response.text()).toMatch(/expired at .* UTC/);
  });

  test("a link signed with the webhook secret itself is refused: job links have a key of their own", async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const sig = signJobLink(Buffer.from(app.settings.github.webhookSecret), "task-5101-1", exp);
    expect((await fetch(withParams({ exp: String(exp), sig }))).status).toBe(403);
  });
});

describe("operator basic auth", () => {
  const page = () => `${app.url}/jobs/task-5101-1`;

  test("the operator login opens any job's page without a link", async () => {
    const response = await fetch(page(), { headers: basic(OPERATOR.user, OPERATOR.password) });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("line 0 x");
  });

  test("a wrong password or user is refused with a new challenge", async () => {
    for (const headers of [
      basic(OPERATOR.user, `${OPERATOR.password}x`),
      basic("root", OPERATOR.password),
      { authorization: "Bearer abc" },
    ]) {
      const response = await fetch(page(), { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic /);
      expect(await response.text()).not.toContain("line 0 x");
    }
  });

  test("without a link or a login the page asks for one; an unknown job is 404 only once let in", async () => {
    const bare = await fetch(page());
    expect(bare.status).toBe(401);
    expect(await bare.text()).toContain("signed link");
    const missing = await fetch(`${app.url}/jobs/task-424242-1`, {
      headers: basic(OPERATOR.user, OPERATOR.password),
    });
    expect(missing.status).toBe(404);
  });
});

describe("the Slack thread reply", () => {
  test("a failed job's details link to the full log", async () => {
    const live = await slack.waitForJobMessage("task-5101-1", (m) => /failed/i.test(messageText(m)), 30_000);
    expect(messageText(live)).toContain("full log");
    const reply = await eventually(
      () => slack.allMessages().find((m) => m.threadTs === live.ts && /Full log/.test(messageText(m))),
      15_000,
      "the details reply",
    );
    const href = /<(https:[^|>]+)\|Full log>/.exec(messageText(reply))?.[1];
    expect(href).toMatch(/^https:\/\/shipmate\.example\.test\/jobs\/task-5101-1\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect((await fetch(local(href ?? ""))).status).toBe(200);
  });
});

describe("the queue dashboard", () => {
  const admin = (path = "") => `${app.url}/admin/queues${path}`;

  test("needs the operator login", async () => {
    for (const headers of [{}, basic(OPERATOR.user, "wrong password here")]) {
      const response = await fetch(admin(), { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic /);
    }
  });

  test("serves the board and its API to the operator, read-only, with the job page linked", async () => {
    const auth = basic(OPERATOR.user, OPERATOR.password);
    const page = await fetch(admin(), { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Shipmate queues");
    const api = await fetch(admin("/api/queues?activeQueue=tasks&status=latest"), { headers: auth });
    expect(api.status).toBe(200);
    const body = (await api.json()) as {
      queues: {
        name: string;
        readOnlyMode: boolean;
        jobs: { id: string; externalUrl?: { href: string } }[];
      }[];
    };
    expect(body.queues.map((q) => q.name).sort()).toEqual(["intake", "reports", "tasks"]);
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    const job = body.queues.find((q) => q.name === "tasks")?.jobs.find((j) => j.id === "task-5101-1");
    expect(job?.externalUrl?.href).toBe("/jobs/task-5101-1");
    // A task retried from the board would deploy outside the job's record, line and gates.
    const retry = await fetch(admin("/api/queues/tasks/retry/completed"), { method: "PUT", headers: auth });
    expect(retry.status).toBe(405);
    expect(await retry.text()).toContain("QUEUE_READ_ONLY");
  });
});

describe("with nothing configured", () => {
  let bare: Running;
  beforeAll(async () => {
    bare = await startShipmate({}, { github: app.github, githubHost: app.githubHost });
  });
  afterAll(async () => {
    await bare?.stop();
  });

  test("neither the dashboard nor job pages exist", async () => {
    expect((await fetch(`${bare.url}/admin/queues`)).status).toBe(404);
    expect((await fetch(`${bare.url}/admin/queues/api/queues`)).status).toBe(404);
    expect((await fetch(`${bare.url}/jobs/task-5101-1${link.search}`)).status).toBe(404);
    expect(bare.settings.web.publicUrl).toBeUndefined();
  });
});
