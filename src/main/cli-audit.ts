import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { AuditTrail } from "../audit/audit-trail.ts";
import { formatAuditEvent } from "../audit/format-audit-event.ts";
import { parseDuration } from "../config/duration.ts";
import { createLogger } from "../shared/logger.ts";
import { AUDIT_HELP } from "./cli-help.ts";
import { reachRedis } from "./readiness-checks.ts";
import { readRedisSettings } from "./redis-settings.ts";

const DEFAULT_LIMIT = 200;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** What the arguments asked for, or the line that says what is wrong with them. */
type AuditQuery =
  | { kind: "query"; repository: string | undefined; since: number | undefined; limit: number; json: boolean }
  | { kind: "help" }
  | { kind: "error"; message: string };

/**
 * `shipmate audit [--repo owner/name] [--since 2h|ISO] [--limit N] [--json]`: the newest events of the
 * audit trail in the Redis that REDIS_URL (or the cluster or Sentinel settings) names, oldest first.
 */
export async function auditCommand(args: readonly string[], now = Date.now()): Promise<number> {
  const query = readQuery(args, now);
  if (query.kind === "help") {
    process.stdout.write(`${AUDIT_HELP}\n`);
    return 0;
  }
  if (query.kind === "error") {
    process.stderr.write(`shipmate audit: ${query.message}\n${AUDIT_HELP.split("\n")[0]}\n`);
    return 2;
  }
  if (existsSync(".env")) process.loadEnvFile(".env");
  const redisSettings = readRedisSettings(process.env);
  if (redisSettings.kind === "error") {
    process.stderr.write(`shipmate audit: ${redisSettings.message}\n`);
    return 2;
  }
  const contact = await reachRedis(redisSettings.settings.target);
  if (contact.kind === "unreachable") {
    process.stderr.write(`shipmate audit: ${contact.message}\n`);
    return 1;
  }
  try {
    const trail = new AuditTrail(contact.redis, redisSettings.settings.prefix, createLogger("silent", []));
    // One more than shown, to say when older events were left out.
    const events = await trail.read({
      repository: query.repository,
      since: query.since,
      count: query.limit + 1,
    });
    const shown = events.slice(-query.limit);
    for (const event of shown) {
      process.stdout.write(`${query.json ? JSON.stringify(event) : formatAuditEvent(event)}\n`);
    }
    if (events.length > shown.length) {
      process.stderr.write(
        `shipmate audit: older events match too; showing the newest ${query.limit} (use --since or --limit)\n`,
      );
    } else if (shown.length === 0) {
      process.stderr.write("shipmate audit: no events match\n");
    }
    return 0;
  } finally {
    contact.redis.disconnect();
  }
}

function readQuery(args: readonly string[], now: number): AuditQuery {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return { kind: "error", message: (error as Error).message };
  }
  const { values } = parsed;
  if (values.help) return { kind: "help" };
  if (values.repo !== undefined && !REPOSITORY.test(values.repo)) {
    return { kind: "error", message: `--repo: "${values.repo}" is not owner/name` };
  }
  const since = values.since === undefined ? undefined : readSince(values.since, now);
  if (since === null) {
    return {
      kind: "error",
      message: `--since: "${values.since}" is neither a duration (30m, 2h, 7d) nor an ISO date (2025-05-01 or 2025-05-01T12:00:00Z)`,
    };
  }
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    return { kind: "error", message: `--limit: "${values.limit}" is not a whole number of events above 0` };
  }
  return { kind: "query", repository: values.repo, since, limit, json: values.json ?? false };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      repo: { type: "string" },
      since: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** `2h` back from now, or an ISO date or time; null when it is neither. */
function readSince(text: string, now: number): number | null {
  const ago = parseDuration(text);
  if (ago !== undefined && !/^\d+$/.test(text.trim())) return now - ago;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}
