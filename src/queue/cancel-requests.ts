import type { Redis } from "ioredis";

const REQUEST_TTL_SECONDS = 24 * 3600;

/**
 * Cancel requests cross processes through Redis: a key that any worker can read (so a request made
 * before the task started, or missed while a worker reconnected, still counts) and a message on a
 * channel so that the worker running the task hears about it at once.
 */
export class CancelRequests {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  /** The pub/sub channel whose messages are job ids. */
  get channel(): string {
    return `${this.#prefix}:cancel`;
  }

  async request(jobId: string, by: string): Promise<void> {
    await this.#redis.set(this.#key(jobId), by, "EX", REQUEST_TTL_SECONDS);
    await this.#redis.publish(this.channel, jobId);
  }

  /** Who asked to cancel the job, if anyone did. */
  async requestedBy(jobId: string): Promise<string | undefined> {
    return (await this.#redis.get(this.#key(jobId))) ?? undefined;
  }

  #key(jobId: string): string {
    return `${this.#prefix}:cancel:${jobId}`;
  }
}
