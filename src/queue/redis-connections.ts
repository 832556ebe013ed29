import { Cluster, Redis, type RedisOptions } from "ioredis";

// ioredis types `replyMapping` as possibly undefined in RedisOptions but not in its constructors.
type ConnectionOptions = Omit<RedisOptions, "replyMapping">;

/** One Redis node's address, as written in REDIS_CLUSTER_NODES or REDIS_SENTINELS. */
export interface RedisNode {
  host: string;
  port: number;
}

/** REDIS_USERNAME / REDIS_PASSWORD: what each cluster node, or the primary found through Sentinel, asks for. */
export interface RedisCredentials {
  username: string | undefined;
  password: string | undefined;
}

/** Where Shipmate's Redis is: one server by URL, a Redis Cluster, or a primary that Sentinel names. */
export type RedisTarget =
  | { kind: "single"; url: string }
  | { kind: "cluster"; nodes: readonly RedisNode[]; credentials: RedisCredentials }
  | { kind: "sentinel"; sentinels: readonly RedisNode[]; name: string; credentials: RedisCredentials };

/**
 * A connection for the webhook path: commands fail at once while Redis is away, so the
 * request is answered 5xx (GitHub redelivers) instead of hanging in an offline queue.
 */
export function createProducerConnection(target: RedisTarget | string): Redis {
  return connect(target, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: false,
  });
}

/** A connection for workers: BullMQ's blocking commands need `maxRetriesPerRequest: null`. */
export function createWorkerConnection(target: RedisTarget | string): Redis {
  return connect(target, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

function connect(target: RedisTarget | string, options: ConnectionOptions): Redis {
  const where: RedisTarget = typeof target === "string" ? { kind: "single", url: target } : target;
  switch (where.kind) {
    case "single":
      return new Redis(where.url, options);
    case "sentinel":
      return new Redis({
        ...options,
        ...credentialsOf(where.credentials),
        sentinels: [...where.sentinels],
        name: where.name,
      });
    case "cluster":
      return clusterConnection(where.nodes, where.credentials, options);
  }
}

function clusterConnection(
  nodes: readonly RedisNode[],
  credentials: RedisCredentials,
  options: ConnectionOptions,
) {
  // The offline queue, ready check and lazy connect belong to the cluster client; the rest (retries per
  // request above all, which BullMQ requires to be null for workers) to each node's connection.
  const { enableOfflineQueue, enableReadyCheck, lazyConnect, ...perNode } = options;
  const cluster = new Cluster([...nodes], {
    ...(enableOfflineQueue !== undefined && { enableOfflineQueue }),
    ...(enableReadyCheck !== undefined && { enableReadyCheck }),
    ...(lazyConnect !== undefined && { lazyConnect }),
    redisOptions: { ...perNode, ...credentialsOf(credentials) },
  });
  // Shipmate's modules are written against `Redis`; a Cluster answers the same commands, and because every
  // key lives under one hash-tagged prefix (checked when settings are read), each command, MULTI and
  // script stays on one slot. BullMQ recognises the cluster at run time and duplicates it as one.
  return cluster as unknown as Redis;
}

function credentialsOf(credentials: RedisCredentials): Pick<RedisOptions, "username" | "password"> {
  return {
    ...(credentials.username !== undefined && { username: credentials.username }),
    ...(credentials.password !== undefined && { password: credentials.password }),
  };
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export function waitUntilReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
    };
    redis.on("ready", onReady);
  });
}
