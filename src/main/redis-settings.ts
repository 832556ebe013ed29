import { z } from "zod";
import type { RedisNode, RedisTarget } from "../queue/redis-connections.ts";

export interface RedisSettings {
  /** REDIS_URL, or the local default; unused with a cluster or Sentinel. */
  url: string;
  /** True when a Redis was named (REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS): then Shipmate never starts one. */
  explicit: boolean;
  prefix: string;
  target: RedisTarget;
}

export type RedisSettingsResult =
  | { kind: "ok"; settings: RedisSettings }
  | { kind: "error"; message: string };

const DEFAULT_URL = "redis://127.0.0.1:6379";

const nodeList = z.string().transform((text, ctx): RedisNode[] => {
  const nodes: RedisNode[] = [];
  for (const item of text.split(",").map((s) => s.trim())) {
    const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(item);
    const port = Number(match?.[2]);
    if (!match?.[1] || port < 1 || port > 65535) {
      ctx.addIssue({ code: "custom", message: `"${item}" is not host:port (e.g. redis-0.redis:6379)` });
      return z.NEVER;
    }
    nodes.push({ host: match[1].replace(/^\[(.*)\]$/, "$1"), port });
  }
  return nodes;
});

const redisEnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  SHIPMATE_REDIS_PREFIX: z.string().min(1).default("{shipmate}"),
  REDIS_CLUSTER_NODES: nodeList.optional(),
  REDIS_SENTINELS: nodeList.optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
});

/**
 * Reads where Redis is (REDIS_URL, REDIS_CLUSTER_NODES, or REDIS_SENTINELS with REDIS_SENTINEL_NAME) and
 * the key prefix; empty values count as unset.
 */
export function readRedisSettings(env: NodeJS.ProcessEnv): RedisSettingsResult {
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
  const parsed = redisEnvSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return error(`${issue?.path.join(".") ?? "REDIS_URL"}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  const named = (["REDIS_URL", "REDIS_CLUSTER_NODES", "REDIS_SENTINELS"] as const).filter((n) => e[n]);
  if (named.length > 1) {
    return error(
      `${named.join(", ")} are set together: set one (REDIS_URL for one Redis, REDIS_CLUSTER_NODES for a cluster, REDIS_SENTINELS for Sentinel).`,
    );
  }
  if (e.REDIS_SENTINELS && !e.REDIS_SENTINEL_NAME) {
    return error(
      "REDIS_SENTINEL_NAME is not set: give the name the sentinels know the primary by (`sentinel monitor <name> …`).",
    );
  }
  if (e.REDIS_SENTINEL_NAME && !e.REDIS_SENTINELS) {
    return error("REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not: give the sentinels as host:port,…");
  }
  const credentials = { username: e.REDIS_USERNAME, password: e.REDIS_PASSWORD };
  const stray = (["REDIS_USERNAME", "REDIS_PASSWORD"] as const).find((n) => e[n] !== undefined);
  if (stray && !e.REDIS_CLUSTER_NODES && !e.REDIS_SENTINELS) {
    return error(
      `${stray}: used only with REDIS_CLUSTER_NODES or REDIS_SENTINELS; for one Redis put it in REDIS_URL (redis://user:password@host:6379).`,
    );
  }
  if (e.REDIS_CLUSTER_NODES && hashTagOf(e.SHIPMATE_REDIS_PREFIX) === undefined) {
    return error(
      `SHIPMATE_REDIS_PREFIX: "${e.SHIPMATE_REDIS_PREFIX}" has no hash tag, so a Redis Cluster would spread Shipmate's keys over several slots: use a prefix in braces such as {shipmate}.`,
    );
  }
  const target: RedisTarget = e.REDIS_CLUSTER_NODES
    ? { kind: "cluster", nodes: e.REDIS_CLUSTER_NODES, credentials }
    : e.REDIS_SENTINELS && e.REDIS_SENTINEL_NAME
      ? { kind: "sentinel", sentinels: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME, credentials }
      : { kind: "single", url: e.REDIS_URL ?? DEFAULT_URL };
  return {
    kind: "ok",
    settings: {
      url: e.REDIS_URL ?? DEFAULT_URL,
      explicit: named.length > 0,
      prefix: e.SHIPMATE_REDIS_PREFIX,
      target,
    },
  };
}

/**
 * The part of a key that Redis Cluster hashes when the key starts with `prefix`: the text between the
 * first `{` and the next `}`, if not empty (undefined: the whole key is hashed, so keys spread over slots).
 */
export function hashTagOf(prefix: string): string | undefined {
  const open = prefix.indexOf("{");
  if (open < 0) return undefined;
  const close = prefix.indexOf("}", open + 1);
  return close > open + 1 ? prefix.slice(open + 1, close) : undefined;
}

/** The Redis values that must never appear in a log line, report or task output. */
export function redisSecrets(settings: RedisSettings): string[] {
  const { target } = settings;
  if (target.kind === "single") {
    const password = new URL(target.url).password;
    return password ? [decodeURIComponent(password)] : [];
  }
  return target.credentials.password ? [target.credentials.password] : [];
}

function error(message: string): RedisSettingsResult {
  return { kind: "error", message };
}
