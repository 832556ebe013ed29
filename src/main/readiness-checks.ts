import { sign } from "node:crypto";
import type { Redis } from "ioredis";
import type { GitHubAppSettings } from "../github/create-probot.ts";
import { createProducerConnection, type RedisTarget } from "../queue/redis-connections.ts";
import type { ReadinessCheck } from "./readiness.ts";

/** Redis answers PING within `timeoutMs`; the connection fails fast while Redis is away, so this does too. */
export function redisReachable(redis: Redis, timeoutMs = 1_000): ReadinessCheck {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
    });
    try {
      await Promise.race([redis.ping(), late]);
      return undefined;
    } catch {
      return "Redis is not reachable";
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The GitHub App's credentials are loaded: an App ID, and a private key that can sign the App's tokens. */
export function appCredentialsLoaded(app: Pick<GitHubAppSettings, "appId" | "privateKey">): ReadinessCheck {
  // Read once: the credentials are loaded at start-up and do not change while the process runs.
  const problem = credentialsProblem(app);
  return () => Promise.resolve(problem);
}

function credentialsProblem({ appId, privateKey }: Pick<GitHubAppSettings, "appId" | "privateKey">) {
  if (!/^\d+$/.test(appId)) return "the GitHub App ID is not loaded";
  try {
    sign("sha256", Buffer.from("shipmate"), privateKey);
    return undefined;
  } catch {
    return "the GitHub App's private key cannot sign";
  }
}

/** A connection that answered, or the one line that says where Redis was looked for and what went wrong. */
export type RedisContact = { kind: "ready"; redis: Redis } | { kind: "unreachable"; message: string };

/**
 * Connects and waits for Redis to answer, so that a start (or a CLI command) that cannot reach it
 * ends with one line naming where Shipmate looked and what went wrong.
 */
export async function reachRedis(target: RedisTarget, timeoutMs = 5_000): Promise<RedisContact> {
  const redis = createProducerConnection(target);
  let lastError = "no answer";
  // Kept for the connection's life: a later error fails the command that meets it, and is not printed.
  redis.on("error", (error: Error) => {
    lastError = error.message;
  });
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (ready) return { kind: "ready", redis };
  redis.disconnect();
  return {
    kind: "unreachable",
    message: `Redis is not reachable at ${describeTarget(target)} (${lastError} after ${timeoutMs / 1000} s): start it, or point REDIS_URL at it.`,
  };
}

/** Where Redis was looked for, with any password masked. */
function describeTarget(target: RedisTarget): string {
  const nodes = (list: readonly { host: string; port: number }[]) =>
    list.map((n) => `${n.host}:${n.port}`).join(",");
  switch (target.kind) {
    case "single": {
      const url = new URL(target.url);
      if (url.password) url.password = "***";
      return url.toString();
    }
    case "cluster":
      return `the cluster nodes ${nodes(target.nodes)}`;
    case "sentinel":
      return `"${target.name}" through the sentinels ${nodes(target.sentinels)}`;
  }
}
