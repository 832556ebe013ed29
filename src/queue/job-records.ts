import type { Redis } from "ioredis";
import { isFinal, type JobState, type JobView } from "../jobs/job-view.ts";

/** Where a job's reports go: fixed when the job is accepted. */
export interface ReportTargets {
  installationId: number;
  owner: string;
  repo: string;
  pullRequest: number | undefined;
  /** The comment that held the command: reactions go on it. */
  commentId: number | undefined;
  deploymentId: number | undefined;
  /** The Slack channel of the job's live message (where it was asked for, or the repository's `slack.channel`). */
  slack?: { channel: string; threadTs?: string | undefined } | undefined;
  /** Set for a push check: the job is mirrored as a check run of this name on the job's commit. */
  checkRun?: { name: string } | undefined;
}

export interface JobRecord {
  view: JobView;
  version: number;
  targets: ReportTargets;
  /** Progress of each mirror (which version it shows), so a retried report never posts twice. */
  marks: Readonly<Record<string, string>>;
}

const RECORD_TTL_SECONDS = 30 * 24 * 3600;

// Merging in Redis keeps concurrent writers (intake, worker, canceller) from overwriting each other's
// fields; ARGV[2], when given, lists the states the job must be in for the change to apply.
const PATCH_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], 'view')
if not raw then return 0 end
local view = cjson.decode(raw)
if ARGV[2] then
  local allowed = false
  for _, state in ipairs(cjson.decode(ARGV[2])) do
    if view.state == state then allowed = true end
  end
  if not allowed then return 0 end
end
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

  #activeKey(repository: { owner: string; name: string }): string {
    return `${this.#prefix}:active:${repository.owner.toLowerCase()}/${repository.name.toLowerCase()}`;
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
        .zadd(this.#activeKey(view.repository), view.queuedAt, view.id)
        .exec();
    }
    return created === 1;
  }

  /** Merges fields into the view and returns the new version (0 when there is no such job). */
  async patch(id: string, fields: Partial<JobView>): Promise<number> {
    const result = await this.#redis.eval(PATCH_SCRIPT, 1, this.key(id), JSON.stringify(fields));
    return Number(result);
  }

  /**
   * Moves a job from one of the `from` states, merging `fields`; returns the new version, or 0
   * when the job is in another state by now (someone else moved it first).
   */
  async transition(id: string, from: readonly JobState[], fields: Partial<JobView>): Promise<number> {
    const args = [JSON.stringify(fields), JSON.stringify(from)];
    const result = await this.#redis.eval(PATCH_SCRIPT, 1, this.key(id), ...args);
    return Number(result);
  }

  /** The repository's unfinished jobs, oldest first; finished ones found on the way are dropped from the index. */
  async unfinished(repository: { owner: string; name: string }): Promise<JobRecord[]> {
    const key = this.#activeKey(repository);
    const ids = await this.#redis.zrange(key, "0", "-1");
    const records = await Promise.all(ids.map((id) => this.load(id)));
    const open: JobRecord[] = [];
    const done: string[] = [];
    records.forEach((record, i) => {
      if (record && !isFinal(record.view.state)) open.push(record);
      else done.push(ids[i] ?? "");
    });
    if (done.length > 0) await this.#redis.zrem(key, ...done);
    return open;
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
