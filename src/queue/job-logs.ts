import type { Redis } from "ioredis";

/** The most of one job's log kept in Redis (1 MiB): past it, the oldest bytes are dropped. */
export const JOB_LOG_CAP_BYTES = 1024 * 1024;

/** How long a job's log is kept after its last write: logs are far larger than job records, so shorter. */
export const JOB_LOG_TTL_SECONDS = 7 * 24 * 3600;

/** A job's kept log: the last `JOB_LOG_CAP_BYTES` of its masked output, and how much came before it. */
export interface JobLog {
  text: string;
  droppedBytes: number;
}

// Appends, then cuts the front back to the cap at the next line boundary (so the kept log never opens
// on half a line, nor on half a character when there is a newline to cut at), counting what was cut.
const APPEND_SCRIPT = `
local length = redis.call('APPEND', KEYS[1], ARGV[1])
local dropped = tonumber(ARGV[3])
local cap = tonumber(ARGV[2])
if length > cap then
  local cut = length - cap
  local kept = redis.call('GETRANGE', KEYS[1], cut, -1)
  local newline = string.find(kept, '\\n', 1, true)
  if newline and newline < #kept then
    kept = string.sub(kept, newline + 1)
    cut = cut + newline
  end
  redis.call('SET', KEYS[1], kept)
  dropped = dropped + cut
end
if dropped > 0 then redis.call('INCRBY', KEYS[2], dropped) end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return length
`;

/** Each job's full masked log, capped, in Redis: written by the worker, read by the job page. */
export class JobLogs {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #capBytes: number;

  constructor(redis: Redis, prefix: string, capBytes: number = JOB_LOG_CAP_BYTES) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#capBytes = capBytes;
  }

  #keys(id: string): [string, string] {
    return [`${this.#prefix}:log:${id}`, `${this.#prefix}:log-dropped:${id}`];
  }

  /** Adds already masked text to the job's log; `droppedBytes` counts output lost before it reached here. */
  async append(id: string, maskedText: string, droppedBytes = 0): Promise<void> {
    if (maskedText === "" && droppedBytes === 0) return;
    const [log, dropped] = this.#keys(id);
    const args = [maskedText, this.#capBytes, droppedBytes, JOB_LOG_TTL_SECONDS];
    await this.#redis.eval(APPEND_SCRIPT, 2, log, dropped, ...args);
  }

  /** The kept log, or undefined when the job wrote none or it has expired. */
  async read(id: string): Promise<JobLog | undefined> {
    const [log, dropped] = this.#keys(id);
    const [text, count] = await this.#redis.mget(log, dropped);
    if (text === null || text === undefined) return undefined;
    // A cut inside one endless line can split a character: its remains decode as U+FFFD.
    const clean = Number(count ?? 0) > 0 ? text.replace(/^\uFFFD+/, "") : text;
    return { text: clean, droppedBytes: Number(count ?? 0) };
  }
}
