import { describe, expect, test } from "vitest";
import { hashTagOf, readRedisSettings, redisSecrets } from "../../../src/main/redis-settings.ts";

const NO_CREDENTIALS = { username: undefined, password: undefined };

function ok(env: Record<string, string>) {
  const result = readRedisSettings(env);
  if (result.kind !== "ok") throw new Error(`expected settings, got: ${result.message}`);
  return result.settings;
}

describe("readRedisSettings: where Redis is", () => {
  test("nothing set: the local Redis, not named, under {shipmate}", () => {
    expect(ok({})).toEqual({
      url: "redis://127.0.0.1:6379",
      explicit: false,
      prefix: "{shipmate}",
      target: { kind: "single", url: "redis://127.0.0.1:6379" },
    });
  });

  test("REDIS_URL names one Redis", () => {
    expect(ok({ REDIS_URL: "rediss://u:p@cache:6380/1" }).target).toEqual({
      kind: "single",
      url: "rediss://u:p@cache:6380/1",
    });
  });

  test("REDIS_CLUSTER_NODES names a cluster, with spaces, IPv6 and credentials", () => {
    const settings = ok({
      REDIS_CLUSTER_NODES: "redis-0.redis:6379, 10.0.0.7:7001,[::1]:7002",
      REDIS_USERNAME: "shipmate",
      REDIS_PASSWORD: "cluster-password",
    });
    expect(settings.explicit).toBe(true);
    expect(settings.prefix).toBe("{shipmate}");
    expect(settings.target).toEqual({
      kind: "cluster",
      nodes: [
        { host: "redis-0.redis", port: 6379 },
        { host: "10.0.0.7", port: 7001 },
        { host: "::1", port: 7002 },
      ],
      credentials: { username: "shipmate", password: "cluster-password" },
    });
    expect(redisSecrets(settings)).toEqual(["cluster-password"]);
  });

  test("REDIS_SENTINELS with REDIS_SENTINEL_NAME names Sentinel", () => {
    expect(ok({ REDIS_SENTINELS: "s1:26379,s2:26379", REDIS_SENTINEL_NAME: "mymaster" }).target).toEqual({
      kind: "sentinel",
      sentinels: [
        { host: "s1", port: 26379 },
        { host: "s2", port: 26379 },
      ],
      name: "mymaster",
      credentials: NO_CREDENTIALS,
    });
  });

  test("empty values count as unset", () => {
    expect(ok({ REDIS_URL: "", REDIS_CLUSTER_NODES: "", REDIS_PASSWORD: "" }).target.kind).toBe("single");
  });

  test("the password in REDIS_URL is masked like the other secrets", () => {
    expect(redisSecrets(ok({ REDIS_URL: "redis://:s%40cret-pw@cache:6379" }))).toEqual(["s@cret-pw"]);
    expect(redisSecrets(ok({ REDIS_URL: "redis://cache:6379" }))).toEqual([]);
  });

  test("a prefix of one's own is kept, with or without a cluster", () => {
    expect(ok({ SHIPMATE_REDIS_PREFIX: "acme" }).prefix).toBe("acme");
    expect(ok({ SHIPMATE_REDIS_PREFIX: "{acme}:prod", REDIS_CLUSTER_NODES: "r:6379" }).prefix).toBe(
      "{acme}:prod",
    );
  });
});

describe("readRedisSettings: refusals name the variable", () => {
  const refused: { name: string; env: Record<string, string>; message: RegExp }[] = [
    {
      name: "two ways at once",
      env: { REDIS_URL: "redis://a:6379", REDIS_CLUSTER_NODES: "b:6379" },
      message: /^REDIS_URL, REDIS_CLUSTER_NODES are set together/,
    },
    {
      name: "a cluster and Sentinel",
      env: { REDIS_CLUSTER_NODES: "b:6379", REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_NAME: "m" },
      message: /^REDIS_CLUSTER_NODES, REDIS_SENTINELS are set together/,
    },
    {
      name: "a node without a port",
      env: { REDIS_CLUSTER_NODES: "redis-0" },
      message: /^REDIS_CLUSTER_NODES: "redis-0" is not host:port/,
    },
    {
      name: "a node with port 0",
      env: { REDIS_CLUSTER_NODES: "a:6379,b:0" },
      message: /^REDIS_CLUSTER_NODES: "b:0" is not host:port/,
    },
    {
      name: "an empty item in the list",
      env: { REDIS_SENTINELS: "a:26379,,b:26379", REDIS_SENTINEL_NAME: "m" },
      message: /^REDIS_SENTINELS: "" is not host:port/,
    },
    {
      name: "sentinels without a name",
      env: { REDIS_SENTINELS: "s:26379" },
      message: /^REDIS_SENTINEL_NAME is not set/,
    },
    {
      name: "a name without sentinels",
      env: { REDIS_SENTINEL_NAME: "m" },
      message: /^REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not/,
    },
    {
      name: "a password for one Redis",
      env: { REDIS_PASSWORD: "pw-for-nothing" },
      message: /^REDIS_PASSWORD: used only with/,
    },
    {
      name: "a user for one Redis",
      env: { REDIS_URL: "redis://a:6379", REDIS_USERNAME: "u" },
      message: /^REDIS_USERNAME: used only with/,
    },
    {
      name: "a cluster prefix without a hash tag",
      env: { REDIS_CLUSTER_NODES: "a:6379", SHIPMATE_REDIS_PREFIX: "shipmate" },
      message: /^SHIPMATE_REDIS_PREFIX: "shipmate" has no hash tag/,
    },
    {
      name: "a cluster prefix with an empty hash tag",
      env: { REDIS_CLUSTER_NODES: "a:6379", SHIPMATE_REDIS_PREFIX: "{}shipmate" },
      message: /^SHIPMATE_REDIS_PREFIX:/,
    },
    {
      name: "a REDIS_URL of another scheme",
      env: { REDIS_URL: "http://cache:6379" },
      message: /^REDIS_URL:/,
    },
  ];
  test.each(refused)("refuses $name", ({ env, message }) => {
    const result = readRedisSettings(env);
    expect(result.kind).toBe("error");
    if (result.kind === "error") {
      expect(result.message).toMatch(message);
      expect(result.message).not.toContain("\n");
    }
  });
});

describe("hashTagOf: what Redis Cluster hashes for keys under a prefix", () => {
  test.each([
    ["{shipmate}", "shipmate"],
    ["{acme}:prod", "acme"],
    ["acme:{prod}", "prod"],
    ["{a}{b}", "a"],
    ["{{x}}", "{x"],
    ["shipmate", undefined],
    ["{}shipmate", undefined],
    ["{shipmate", undefined],
    ["shipmate}", undefined],
  ])("%s → %s", (prefix, tag) => {
    expect(hashTagOf(prefix)).toBe(tag);
  });
});
