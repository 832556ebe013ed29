import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { sign } from "@octokit/webhooks-methods";
import { Redis } from "ioredis";
import { createShipmate, type Shipmate } from "../../src/main/create-shipmate.ts";
import { readSettings, type Settings } from "../../src/main/settings.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { FakeGitHub } from "./fake-github.ts";

export const WEBHOOK_SECRET = "test-webhook-secret-0123456789";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let privateKey: string | undefined;
/** One RSA key per test process: Probot signs its app JWT with it; the fake GitHub accepts any. */
export function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return privateKey;
}

export interface Running {
  shipmate: Shipmate;
  github: FakeGitHub;
  settings: Settings;
  url: string;
  prefix: string;
  githubHost: string;
  redis: Redis;
  stop(): Promise<void>;
}

/** Starts a fake GitHub and a whole Shipmate (web + workers) on a Redis key prefix of its own. */
export async function startShipmate(
  env: Record<string, string> = {},
  shared: { github?: FakeGitHub; githubHost?: string; logLines?: string[]; outputFlushMs?: number } = {},
): Promise<Running> {
  const github = shared.github ?? new FakeGitHub();
  const host = shared.githubHost ?? (await github.start());
  const prefix = env.SHIPMATE_REDIS_PREFIX ?? `{shipmate-test-${randomUUID().slice(0, 8)}}`;
  const result = readSettings({
    APP_ID: "1",
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET,
    GHE_HOST: host,
    GHE_PROTOCOL: "http",
    REDIS_URL,
    SHIPMATE_REDIS_PREFIX: prefix,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "silent",
    ...env,
  });
  if (result.kind !== "ok") throw new Error(`test settings: ${JSON.stringify(result)}`);
  const settings = result.settings;
  // Given `logLines`, every line the process logs (at LOG_LEVEL, default info) lands there, masked as in production.
  const logLines = shared.logLines;
  const log = logLines
    ? createLogger(env.LOG_LEVEL === undefined ? "info" : settings.logLevel, settings.secrets, {
        write: (line: string) => {
          logLines.push(line);
        },
      })
    : createLogger(env.LOG_LEVEL === undefined ? "silent" : settings.logLevel, settings.secrets);
  // Output reaches the record every 50 ms unless a test wants production's pace.
  const shipmate = await createShipmate(settings, log, { outputFlushMs: shared.outputFlushMs ?? 50 });
  const port = await shipmate.listen();
  const redis = new Redis(REDIS_URL);
  return {
    shipmate,
    github,
    settings,
    url: `http://127.0.0.1:${port}`,
    githubHost: host,
    prefix,
    redis,
    async stop() {
      await shipmate.close();
      if (!shared.github) await github.stop();
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
}

/** Sends a delivery the way GitHub does: JSON body, event and delivery headers, HMAC-SHA256 signature. */
export async function sendWebhook(
  url: string,
  event: string,
  payload: unknown,
  options: { secret?: string; deliveryId?: string; signature?: string | null } = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-github-event": event,
    "x-github-delivery": options.deliveryId ?? randomUUID(),
  };
  const signature =
    options.signature === undefined ? await sign(options.secret ?? WEBHOOK_SECRET, body) : options.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  return fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
}

const fixtureCache = new Map<string, unknown>();
/** A payload from test/fixtures (real GitHub examples), deep-copied so each test may change it. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  if (!fixtureCache.has(name)) {
    fixtureCache.set(
      name,
      JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), "utf8")),
    );
  }
  return structuredClone(fixtureCache.get(name)) as T;
}

export interface CommentOptions {
  body: string;
  commentId?: number;
  login?: string;
  senderType?: string;
  owner?: string;
  repo?: string;
  cloneUrl?: string;
  pullRequest?: number;
}

interface IssueCommentFixture {
  comment: { body: string; id: number; user: { login: string; type: string } };
  sender: { login: string; type: string };
  issue: { number: number };
  repository: {
    owner: { login: string };
    name: string;
    full_name: string;
    default_branch: string;
    html_url: string;
    clone_url: string;
  };
}

/** An `issue_comment.created` delivery on a pull request, built from GitHub's own example payload. */
export function prComment(options: CommentOptions): IssueCommentFixture {
  const p = fixture<IssueCommentFixture>("issue_comment.created.pull-request");
  const login = options.login ?? "alice";
  p.comment.body = options.body;
  p.comment.id = options.commentId ?? Math.floor(Math.random() * 1e9);
  p.comment.user.login = login;
  p.comment.user.type = options.senderType ?? "User";
  p.sender.login = login;
  p.sender.type = options.senderType ?? "User";
  p.issue.number = options.pullRequest ?? 7;
  p.repository.owner.login = options.owner ?? "acme";
  p.repository.name = options.repo ?? "shop";
  p.repository.full_name = `${options.owner ?? "acme"}/${options.repo ?? "shop"}`;
  p.repository.default_branch = "main";
  p.repository.html_url = `https://github.example/${p.repository.full_name}`;
  if (options.cloneUrl) p.repository.clone_url = options.cloneUrl;
  return p;
}
