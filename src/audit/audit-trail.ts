import type { Redis } from "ioredis";
import type { Logger } from "../shared/logger.ts";
import { type AuditEvent, auditEventSchema } from "./audit-event.ts";

export type { AuditAction, AuditEvent, AuditSurface } from "./audit-event.ts";
// The event contract lives in its own file; re-exported so callers may import either.
export { AUDIT_ACTIONS, AUDIT_SURFACES, SYSTEM_ACTOR } from "./audit-event.ts";

export interface AuditFilter {
  /** `owner/name`, compared case-insensitively as GitHub does. */
  repository?: string | undefined;
  /** Only entries Redis stored at or after this time (ms since the epoch). */
  since?: number | undefined;
  /** At most this many events, the newest ones (default 100). */
  count?: number | undefined;
}

/** How much of the trail is kept: the newest `maxLength` events, none older than `retentionMs`. */
export interface AuditRetention {
  maxLength?: number | undefined;
  retentionMs?: number | undefined;
  /** The clock the age limit is measured with (default `Date.now`). */
  now?: () => number;
}

/** Default cap on the number of events, whatever their age. */
export const DEFAULT_AUDIT_MAX_EVENTS = 100_000;
const DEFAULT_COUNT = 100;
const PAGE = 500;

/** The audit trail: a capped Redis stream that also goes to the log, so neither alone is the only copy. */
export class AuditTrail {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #log: Logger;
  readonly #maxLength: number;
  readonly #retentionMs: number | undefined;
  readonly #now: () => number;

  constructor(redis: Redis, prefix: string, log: Logger, retention: AuditRetention = {}) {
    this.#redis = redis;
    this.#key = `${prefix}:audit`;
    this.#log = log;
    this.#maxLength = retention.maxLength ?? DEFAULT_AUDIT_MAX_EVENTS;
    this.#retentionMs = retention.retentionMs;
    this.#now = retention.now ?? Date.now;
  }

  /** Appends an event; throws when Redis refuses it, so a caller never believes an unwritten event was kept. */
  async record(event: AuditEvent): Promise<void> {
    // The log line comes first: if Redis fails, the event still exists somewhere.
    this.#log.info({ audit: event }, "audit");
    await this.#redis.xadd(this.#key, "MAXLEN", "~", this.#maxLength, "*", "event", JSON.stringify(event));
    if (this.#retentionMs === undefined) return;
    // Entry ids start with Redis's time in ms. Exact trimming: writes are rare, and each one removes only
    // the few entries that have just grown too old.
    const oldest = Math.max(0, Math.floor(this.#now() - this.#retentionMs));
    await this.#redis.xtrim(this.#key, "MINID", oldest);
  }

  /** The newest events matching the filter, oldest first. */
  async read(filter: AuditFilter = {}): Promise<AuditEvent[]> {
    const wanted = filter.count ?? DEFAULT_COUNT;
    const repository = filter.repository?.toLowerCase();
    const floor = filter.since === undefined ? "-" : String(Math.max(0, Math.floor(filter.since)));
    const events: AuditEvent[] = [];
    let end = "+";
    while (events.length < wanted) {
      const page = await this.#redis.xrevrange(this.#key, end, floor, "COUNT", PAGE);
      for (const [, fields] of page) {
        const event = decodeEvent(fields);
        if (!event) continue;
        if (repository !== undefined && event.repository.toLowerCase() !== repository) continue;
        events.push(event);
        if (events.length === wanted) break;
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE) break;
      end = `(${last[0]}`;
    }
    return events.reverse();
  }
}

function decodeEvent(fields: readonly string[]): AuditEvent | undefined {
  const index = fields.indexOf("event");
  const raw = index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
  if (raw === undefined) return undefined;
  try {
    const parsed = auditEventSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
