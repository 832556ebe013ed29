import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, describe, expect, test } from "vitest";
import { type AuditEvent, type AuditRetention, AuditTrail } from "../../../src/audit/audit-trail.ts";

// Not from the harness: these tests need Redis only, not the whole app it wires.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];

afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  redis.disconnect();
});

/** A trail under a fresh prefix whose log lines are kept for the test to read. */
function trail(options: AuditRetention = {}): {
  audit: AuditTrail;
  prefix: string;
  logged: unknown[];
} {
  const prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
  prefixes.push(prefix);
  const logged: unknown[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { audit: new AuditTrail(redis, prefix, pino({}, sink), options), prefix, logged };
}

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    at: 1_000,
    action: "lock",
    actor: "alice",
    surface: "github",
    repository: "acme/shop",
    environment: "production",
    pullRequest: 7,
    reason: "freeze",
    ...overrides,
  };
}

describe("AuditTrail", () => {
  test("records events in the stream and the log, and reads them back oldest first", async () => {
    const { audit, prefix, logged } = trail();
    const first = event();
    const second = event({
      action: "unlock",
      at: 2_000,
      sha: "a".repeat(40),
      job: "task-1",
      outcome: "released",
    });
    await audit.record(first);
    await audit.record(second);
    expect(await audit.read()).toEqual([first, second]);
    expect(await redis.xlen(`${prefix}:audit`)).toBe(2);
    expect(logged).toMatchObject([
      { msg: "audit", audit: first },
      { msg: "audit", audit: second },
    ]);
  });

  test("filters by repository (ignoring case) and keeps the newest `count`, oldest first", async () => {
    const { audit } = trail();
    for (let i = 0; i < 5; i++) {
      await audit.record(event({ repository: i % 2 === 0 ? "acme/shop" : "acme/other", pullRequest: i }));
    }
    const shop = await audit.read({ repository: "ACME/Shop" });
    expect(shop.map((e) => e.pullRequest)).toEqual([0, 2, 4]);
    expect((await audit.read({ repository: "acme/shop", count: 2 })).map((e) => e.pullRequest)).toEqual([
      2, 4,
    ]);
    expect(await audit.read({ repository: "acme/none" })).toEqual([]);
  });

  test("pages through more entries than one read returns", async () => {
    const { audit } = trail();
    for (let i = 0; i < 1_200; i++) {
      await audit.record(event({ repository: i === 1_100 ? "acme/rare" : "acme/shop", pullRequest: i }));
    }
    expect((await audit.read({ repository: "acme/rare" })).map((e) => e.pullRequest)).toEqual([1_100]);
    const all = await audit.read({ count: 1_200 });
    expect(all.map((e) => e.pullRequest)).toEqual(Array.from({ length: 1_200 }, (_, i) => i));
  });

  test("since keeps the events stored from that time on", async () => {
    const { audit } = trail();
    await audit.record(event({ pullRequest: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Entries carry Redis's clock, so the test asks Redis for the time rather than trusting its own.
    const [seconds, micros] = await redis.time();
    const since = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    await audit.record(event({ pullRequest: 2 }));
    expect((await audit.read({ since })).map((e) => e.pullRequest)).toEqual([2]);
    expect(await audit.read({ since: since + 60_000 })).toEqual([]);
  });

  test("the stream is capped near maxLength", async () => {
    const { audit, prefix } = trail({ maxLength: 10 });
    for (let i = 0; i < 300; i++) await audit.record(event({ pullRequest: i }));
    const length = await redis.xlen(`${prefix}:audit`);
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(300);
  });

  test("events older than the retention are trimmed when the next one is written", async () => {
    const now = Date.now();
    const { audit, prefix } = trail({ retentionMs: 60_000, now: () => now });
    const key = `${prefix}:audit`;
    // Written "two minutes ago" and "thirty seconds ago": entry ids carry the time they were stored.
    await redis.xadd(key, `${now - 120_000}-0`, "event", JSON.stringify(event({ pullRequest: 1 })));
    await redis.xadd(key, `${now - 30_000}-0`, "event", JSON.stringify(event({ pullRequest: 2 })));
    await audit.record(event({ pullRequest: 3 }));
    expect((await audit.read()).map((e) => e.pullRequest)).toEqual([2, 3]);
    expect(await redis.xlen(key)).toBe(2);
  });

  test("entries that are not events (another writer, a newer action) are skipped, not thrown on", async () => {
    const { audit, prefix } = trail();
    const key = `${prefix}:audit`;
    await audit.record(event({ pullRequest: 1 }));
    await redis.xadd(key, "*", "event", "{not json");
    await redis.xadd(key, "*", "event", JSON.stringify({ ...event(), action: "teleport" }));
    await redis.xadd(key, "*", "other", "field");
    await audit.record(event({ pullRequest: 2 }));
    expect((await audit.read()).map((e) => e.pullRequest)).toEqual([1, 2]);
  });

  test("a failed write throws, and the log still has the event", async () => {
    const { audit, prefix, logged } = trail();
    await redis.set(`${prefix}:audit`, "not a stream");
    await expect(audit.record(event())).rejects.toThrow(/WRONGTYPE/);
    expect(logged).toMatchObject([{ msg: "audit", audit: event() }]);
  });
});
