import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseDuration } from "../config/duration.ts";
import type { GitHubAppSettings } from "../github/create-probot.ts";
import type { RedisTarget } from "../queue/redis-connections.ts";
import { LOG_LEVELS, type LogLevel } from "../shared/logger.ts";
import { readWebSettings, type WebSettings, webSecrets } from "../web/web-settings.ts";
import { readRedisSettings, redisSecrets } from "./redis-settings.ts";
import { readSlackSettings, type SlackSettings, slackSecrets } from "./slack-settings.ts";

export const PROCESS_ROLES = ["all", "web", "worker"] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export interface Settings {
  role: ProcessRole;
  host: string;
  /** Where a `worker` process listens: it needs callers only for /healthz, /readyz and /metrics. */
  workerHost: string;
  port: number;
  logLevel: LogLevel;
  github: GitHubAppSettings;
  redisUrl: string;
  /** True when a Redis was named (REDIS_URL, a cluster or Sentinel): then Shipmate never starts one of its own. */
  redisUrlExplicit: boolean;
  /** One Redis (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES) or Sentinel (REDIS_SENTINELS). */
  redisTarget: RedisTarget;
  /** Key prefix for every Redis key; the braces keep all keys in one Redis Cluster hash slot. */
  redisPrefix: string;
  workerConcurrency: number;
  /** How long a running task's lock lasts unrenewed: a dead worker's task is reported this long after. */
  taskLockMs: number;
  workspaceDir: string | undefined;
  /** Variables of the server's own environment handed to tasks as they are. */
  taskEnv: Readonly<Record<string, string>>;
  /** Values masked in every log line, report and task output. */
  secrets: readonly string[];
  /** Undefined when Slack is not configured (no SLACK_BOT_TOKEN / SLACK_SIGNING_SECRET). */
  slack: SlackSettings | undefined;
  /** The job page and the queue dashboard: public URL, job link key and lifetime, operator login. */
  web: WebSettings;
  /** How long a stopping process lets its running tasks finish before it stops them (SHUTDOWN_GRACE). */
  shutdownGraceMs: number;
  /** How much of the audit trail Redis keeps: events younger than `retentionMs`, at most `maxEvents`. */
  audit: { retentionMs: number; maxEvents: number };
}

export type SettingsResult =
  | { kind: "ok"; settings: Settings }
  /** No GitHub App yet, outside production: run the browser set-up that registers one from app.yml. */
  | { kind: "setup"; host: string; port: number }
  | { kind: "error"; message: string };

const envSchema = z.object({
  ROLE: z.enum(PROCESS_ROLES).default("all"),
  HOST: z.string().min(1).default("0.0.0.0"),
  WORKER_HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  NODE_ENV: z.string().optional(),
  APP_ID: z.string().regex(/^\d+$/, "must be the numeric App ID").optional(),
  PRIVATE_KEY: z.string().optional(),
  PRIVATE_KEY_PATH: z.string().optional(),
  WEBHOOK_SECRET: z.string().optional(),
  GHE_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, "must be a host name, optionally with :port")
    .optional(),
  GHE_PROTOCOL: z.enum(["https", "http"]).default("https"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  TASK_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  WORKSPACE_DIR: z.string().optional(),
  TASK_ENV: z.string().default(""),
  TASK_SECRET_ENV: z.string().default(""),
  SHUTDOWN_GRACE: duration("25s"),
  AUDIT_RETENTION: duration("90d"),
  AUDIT_MAX_EVENTS: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
});

/** A duration variable ("25s", "2m", "90d", or plain seconds) read as milliseconds. */
function duration(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms !== undefined) return ms;
      ctx.addIssue({
        code: "custom",
        message: `must be a duration such as "30s", "2m" or "90d" (got "${text}")`,
      });
      return z.NEVER;
    });
}

/** Reads and validates the process environment; a problem comes back as one line that names the variable. */
export function readSettings(env: NodeJS.ProcessEnv, argvRole?: string): SettingsResult {
  // `PORT=` in a .env file means "not set", not port 0.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse({ ...given, ROLE: argvRole ?? given.ROLE });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") ?? "environment";
    const label = name === "ROLE" && argvRole !== undefined ? "the role argument" : name;
    return { kind: "error", message: `${label}: ${issue?.message ?? "invalid"}` };
  }
  const e = parsed.data;
  const redis = readRedisSettings(env);
  if (redis.kind === "error") return redis;
  const hasKey = Boolean(e.PRIVATE_KEY || e.PRIVATE_KEY_PATH);
  if (!e.APP_ID && !hasKey && e.NODE_ENV !== "production" && e.ROLE !== "worker") {
    return { kind: "setup", host: e.HOST, port: e.PORT };
  }
  if (!e.APP_ID) return { kind: "error", message: "APP_ID is not set: give the GitHub App's numeric ID." };
  const key = readPrivateKey(e.PRIVATE_KEY, e.PRIVATE_KEY_PATH);
  if (key.kind === "error") return key;
  const webhookSecrets = readWebhookSecrets(e.WEBHOOK_SECRET);
  if (webhookSecrets.kind === "error") return webhookSecrets;
  const [webhookSecret] = webhookSecrets.secrets as [string, ...string[]];
  const forbidden = forbiddenTaskVariables(`${e.TASK_ENV},${e.TASK_SECRET_ENV}`);
  if (forbidden.length > 0) {
    return {
      kind: "error",
      message: `TASK_ENV/TASK_SECRET_ENV: ${forbidden.join(", ")} belong to Shipmate itself and are never given to tasks.`,
    };
  }
  const taskEnv = pickVariables(env, e.TASK_ENV);
  const secretEnv = pickVariables(env, e.TASK_SECRET_ENV);
  const slack = readSlackSettings(env);
  if (slack.kind === "error") return slack;
  const slackSettings = slack.kind === "on" ? slack.settings : undefined;
  const web = readWebSettings(env, webhookSecret);
  if (web.kind === "error") return web;
  return {
    kind: "ok",
    settings: {
      role: e.ROLE,
      host: e.HOST,
      workerHost: e.WORKER_HOST,
      port: e.PORT,
      logLevel: e.LOG_LEVEL,
      github: {
        appId: e.APP_ID,
        privateKey: key.pem,
        webhookSecret,
        webhookSecrets: webhookSecrets.secrets,
        baseUrl: e.GHE_HOST ? `${e.GHE_PROTOCOL}://${e.GHE_HOST}/api/v3` : "https://api.github.com",
      },
      redisUrl: redis.settings.url,
      redisUrlExplicit: redis.settings.explicit,
      redisTarget: redis.settings.target,
      redisPrefix: redis.settings.prefix,
      workerConcurrency: e.WORKER_CONCURRENCY,
      taskLockMs: e.TASK_LOCK_MS,
      workspaceDir: e.WORKSPACE_DIR,
      taskEnv: { ...taskEnv, ...secretEnv },
      secrets: [
        ...webhookSecrets.secrets,
        key.pem,
        ...Object.values(secretEnv),
        ...(slackSettings ? slackSecrets(slackSettings) : []),
        ...webSecrets(env),
        ...redisSecrets(redis.settings),
      ].filter((s) => s.length > 0),
      slack: slackSettings,
      web: web.settings,
      shutdownGraceMs: e.SHUTDOWN_GRACE,
      audit: { retentionMs: e.AUDIT_RETENTION, maxEvents: e.AUDIT_MAX_EVENTS },
    },
  };
}

/**
 * During a secret change GitHub signs with the new secret while deliveries already queued for
 * redelivery carry the old one, so `WEBHOOK_SECRET=new,old` accepts both until the old one is removed.
 * The first one listed also derives the job-link key when `JOB_LINK_SECRET` is not set.
 */
function readWebhookSecrets(
  value: string | undefined,
): { kind: "ok"; secrets: string[] } | { kind: "error"; message: string } {
  const secrets = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (secrets.length === 0) {
    return { kind: "error", message: "WEBHOOK_SECRET is not set: give the GitHub App's webhook secret." };
  }
  return { kind: "ok", secrets };
}

function readPrivateKey(
  inline: string | undefined,
  path: string | undefined,
): { kind: "ok"; pem: string } | { kind: "error"; message: string } {
  let text = inline;
  let source = "PRIVATE_KEY";
  if (!text && path) {
    source = "PRIVATE_KEY_PATH";
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
      return { kind: "error", message: `PRIVATE_KEY_PATH: cannot read ${path} (${code}).` };
    }
  }
  if (!text) {
    return {
      kind: "error",
      message: "PRIVATE_KEY is not set: give the App's private key (PEM) or PRIVATE_KEY_PATH.",
    };
  }
  // Hosting platforms often flatten newlines to "\n" or ask for base64; accept both forms of the same PEM.
  let pem = text.trim().replace(/^(["'])([\s\S]*)\1$/, "$2");
  pem = pem.includes("\\n") ? pem.replaceAll("\\n", "\n") : pem;
  if (!pem.includes("-----BEGIN")) pem = Buffer.from(pem, "base64").toString("utf8");
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) {
    return {
      kind: "error",
      message: `${source}: not a PEM private key (expected "-----BEGIN RSA PRIVATE KEY-----").`,
    };
  }
  try {
    createPrivateKey(pem);
  } catch {
    return {
      kind: "error",
      message: `${source}: the PEM private key cannot be read (is it complete and unencrypted?).`,
    };
  }
  return { kind: "ok", pem: pem.trim() };
}

// The App's own credentials would let any task act as the App on every installation.
const SHIPMATE_CREDENTIALS = [
  "APP_ID",
  "PRIVATE_KEY",
  "PRIVATE_KEY_PATH",
  "WEBHOOK_SECRET",
  "REDIS_URL",
  "REDIS_PASSWORD",
  "JOB_LINK_SECRET",
  "OPERATOR_PASSWORD",
];

/** The names in a comma-separated list such as `TASK_ENV=AWS_REGION, DEPLOY_BUCKET`. */
function variableNames(list: string): string[] {
  return list
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
}

function forbiddenTaskVariables(list: string): string[] {
  return variableNames(list).filter((n) => SHIPMATE_CREDENTIALS.includes(n));
}

function pickVariables(env: NodeJS.ProcessEnv, list: string): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of variableNames(list)) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
