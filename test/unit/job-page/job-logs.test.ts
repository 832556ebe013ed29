import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createJobLogWriter } from "../../../src/queue/job-log-writer.ts";
import { JOB_LOG_TTL_SECONDS, JobLogs } from "../../../src/queue/job-logs.ts";
import { createSecretMasker } from "../../../src/shared/secret-masker.ts";
import { REDIS_URL } from "../../support/harness.ts";

let redis: Redis;
const prefix = `{job-logs-test-${randomUUID().slice(0, 8)}}`;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe("JobLogs", () => {
  test("appends in order and reads the whole log back, under the log TTL", async () => {
    const logs = new JobLogs(redis, prefix);
    await logs.append("a", "one\n");
    await logs.append("a", "two\n");
    await logs.append("a", "");
    expect(await logs.read("a")).toEqual({ text: "one\ntwo\n", droppedBytes: 0 });
    const ttl = await redis.ttl(`${prefix}:log:a`);
    expect(ttl).toBeGreaterThan(JOB_LOG_TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(JOB_LOG_TTL_SECONDS);
  });

  test("a job without a log reads as undefined", async () => {
    expect(await new JobLogs(redis, prefix).read("never-written")).toBeUndefined();
  });

  test("past the cap the oldest lines go, cut at a line boundary, and are counted", async () => {
    const logs = new JobLogs(redis, prefix, 20);
    await logs.append("b", "line 1\nline 2\n");
    await logs.append("b", "line 3\nline 4\n");
    // 28 bytes: 8 over the cap, then on to the end of "line 2\n".
    expect(await logs.read("b")).toEqual({ text: "line 3\nline 4\n", droppedBytes: 14 });
    await logs.append("b", "line 5\n");
    expect(await logs.read("b")).toEqual({ text: "line 4\nline 5\n", droppedBytes: 21 });
    expect(await redis.ttl(`${prefix}:log-dropped:b`)).toBeGreaterThan(0);
  });

  test("one endless line is cut at the byte cap, without a broken character left at its start", async () => {
    // Nine two-byte characters under a 9-byte cap: the cut falls inside the fifth.
    const logs = new JobLogs(redis, prefix, 9);
    await logs.append("c", "ééééééééé");
    const log = await logs.read("c");
    expect(log?.text).toBe("éééé");
    expect(log?.droppedBytes).toBe(9);
  });

  test("output dropped before it reached the log is counted too", async () => {
    const logs = new JobLogs(redis, prefix);
    await logs.append("d", "kept\n", 500);
    expect(await logs.read("d")).toEqual({ text: "kept\n", droppedBytes: 500 });
  });
});

describe("createJobLogWriter", () => {
  test("masks secrets before anything is stored, and flushes in order", async () => {
    const logs = new JobLogs(redis, prefix);
    const writer = createJobLogWriter(logs, "e", createSecretMasker(["hunter2-secret"]));
    writer.write("token hunter2-secret\n");
    const first = writer.flush();
    writer.write("second\n");
    await Promise.all([writer.flush(), first]);
    expect(await redis.get(`${prefix}:log:e`)).toBe("token ***\nsecond\n");
  });

  test("holds at most about twice the cap between flushes and counts what it let go", async () => {
    const logs = new JobLogs(redis, prefix, 10);
    const writer = createJobLogWriter(logs, "f", createSecretMasker([]), 10);
    writer.write("a".repeat(15));
    writer.write("b".repeat(15));
    await writer.flush();
    expect(await logs.read("f")).toEqual({ text: "bbbbbbbbbb", droppedBytes: 20 });
  });

  test("a failed flush rejects, and later flushes still land", async () => {
    const broken = new JobLogs(redis, prefix);
    let fail = true;
    const logs = {
      append: (id: string, text: string, dropped?: number) =>
        fail ? Promise.reject(new Error("redis down")) : broken.append(id, text, dropped),
    } as JobLogs;
    const writer = createJobLogWriter(logs, "g", createSecretMasker([]));
    writer.write("lost\n");
    await expect(writer.flush()).rejects.toThrow("redis down");
    fail = false;
    writer.write("kept\n");
    await writer.flush();
    expect(await broken.read("g")).toEqual({ text: "kept\n", droppedBytes: 0 });
  });
});
