import type { Redis } from "ioredis";
import type { JobView } from "../jobs/job-view.ts";

/** Where a job's reports go: fixed when the job is accepted. */
export interface ReportTargets {
  installationId: number;
  owner: string;
  repo: string;
  pullRequest: number | undefined;
  /** The comment that held the command: reactions go on it. */
  commentId: number | undefined;
  deploymentId: number | undefined;
}

export interface JobRecord {
  view: JobView;
  version: number;
  targets: ReportTargets;
  /** Progress of each mirror (which version it shows), so a retried report never posts twice. */
  marks: Readonly<Record<string, string>>;
}

const RECORD_TTL_SECONDS = 30 * 24 * 3600;

// Merging in Redis keeps concurrent writers (intake, worker, canceller) from overwriting each other's fields.
const PATCH_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], 'view')
if not raw then return 0 end
local view = cjson.decode(raw)
for k, v in pairs(cjson.decode(ARGV[1])) do view[k] = v end
redis.call('HSET', KEYS[1], 'view', cjson.encode(view))
return redis.call('HINCRBY', KEYS[1], 'version', 1)
`;

/** The record of every job: its current view, its report targets and how far each mirror got. */
export class JobRecords {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  key(id: string): string {
    return `${this.#prefix}:job:${id}`;
  }

  /** Creates the record unless it exists; true when this call created it. */
  async create(view: JobView, targets: ReportTargets): Promise<boolean> {
    const key = this.key(view.id);
    const created = await this.#redis.hsetnx(key, "view", JSON.stringify(view));
    if (created === 1) {
      await this.#redis
        .multi()
        .hset(key, "version", 1, "targets", JSON.stringify(targets))
        .expire(key, RECORD_TTL_SECONDS)
        .exec();
    }
    return created === 1;
  }

  /** Merges fields into the view and returns the new version (0 when there is no such job). */
  async patch(id: string, fields: Partial<JobView>): Promise<number> {
    const result = await this.#redis.eval(PATCH_SCRIPT, 1, this.key(id), JSON.stringify(fields));
    return Number(result);
  }

  async setTargets(id: string, targets: Partial<ReportTargets>): Promise<void> {
    const current = await this.#redis.hget(this.key(id), "targets");
    const merged = { ...(current ? (JSON.parse(current) as ReportTargets) : {}), ...targets };
    await this.#redis.hset(this.key(id), "targets", JSON.stringify(merged));
  }

  async load(id: string): Promise<JobRecord | undefined> {
    const fields = await this.#redis.hgetall(this.key(id));
    if (!fields.view || !fields.targets) return undefined;
    const marks: Record<string, string> = {};
    for (const [name, value] of Object.entries(fields)) {
      if (name.startsWith("mark:")) marks[name.slice(5)] = value;
    }
    return {
      view: JSON.parse(fields.view) as JobView,
      version: Number(fields.version ?? 0),
      targets: JSON.parse(fields.targets) as ReportTargets,
      marks,
    };
  }

  async mark(id: string, name: string, value: string | number): Promise<void> {
    await this.#redis.hset(this.key(id), `mark:${name}`, String(value));
  }
}
