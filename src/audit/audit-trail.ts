import type { Redis } from "ioredis";
import type { Logger } from "../shared/logger.ts";
import type { AuditEvent } from "./audit-event.ts";

export type { AuditAction, AuditEvent, AuditSurface } from "./audit-event.ts";
// The event contract lives in its own file; re-exported so callers may import either.
export { AUDIT_ACTIONS, AUDIT_SURFACES, SYSTEM_ACTOR } from "./audit-event.ts";

export interface AuditFilter {
  /** `owner/name`, compared case-insensitively as GitHub does. */
  repository?: string | undefined;
  /** Only entries Redis stored at or after this time (ms since the epoch). */
  since?: number | undefined;
  /** At most this many events (default 100). */
  count?: number | undefined;
}

const DEFAULT_MAX_LENGTH = 100_000;
const DEFAULT_COUNT = 100;
const PAGE = 500;

/** The audit trail: a capped Redis stream that also goes to the log, so neither alone is the only copy. */
export class AuditTrail {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #log: Logger;
  readonly #maxLength: number;

  constructor(redis: Redis, prefix: string, log: Logger, options: { maxLength?: number } = {}) {
    this.#redis = redis;
    this.#key = `${prefix}:audit`;
    this.#log = log;
    this.#maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  }

  /** Appends an event; throws when Redis refuses it, so a caller never believes an unwritten event was kept. */
  async record(event: AuditEvent): Promise<void> {
    // The log line comes first: if Redis fails, the event still exists somewhere.
    this.#log.info({ audit: event }, "audit");
    await this.#redis.xadd(this.#key, "MAXLEN", "~", this.#maxLength, "*", "event", JSON.stringify(event));
  }

  /** Events matching the filter, oldest first. */
  async read(filter: AuditFilter = {}): Promise<AuditEvent[]> {
    const wanted = filter.count ?? DEFAULT_COUNT;
    const repository = filter.repository?.toLowerCase();
    const events: AuditEvent[] = [];
    let start = filter.since === undefined ? "-" : String(Math.max(0, Math.floor(filter.since)));
    while (events.length < wanted) {
      const page = await this.#redis.xrange(this.#key, start, "+", "COUNT", PAGE);
      for (const [, fields] of page) {
        const event = decodeEvent(fields);
        if (!event) continue;
        if (repository !== undefined && event.repository.toLowerCase() !== repository) continue;
        events.push(event);
        if (events.length === wanted) break;
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE) break;
      start = `(${last[0]}`;
    }
    return events;
  }
}

function decodeEvent(fields: readonly string[]): AuditEvent | undefined {
  const index = fields.indexOf("event");
  const raw = index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
  return raw === undefined ? undefined : (JSON.parse(raw) as AuditEvent);
}
