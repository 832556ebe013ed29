import type { Redis } from "ioredis";

// Keeps the longer of two waits: a shorter Retry-After told to another worker never cuts one short.
const HOLD_SCRIPT = `
local left = redis.call('PTTL', KEYS[1])
if left >= tonumber(ARGV[1]) then return left end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return tonumber(ARGV[1])
`;

/**
 * A "not before" time per name (an API method, an installation), kept in Redis so that every worker
 * waits out a Retry-After that any one of them was told. It lives in the key's own expiry, so it is
 * measured by Redis's clock alone and no worker's clock can shorten or stretch it.
 */
export class NotBeforeGate {
  readonly #redis: Redis;
  readonly #keyPrefix: string;

  /** Keys are `<keyPrefix>:<name>`. */
  constructor(redis: Redis, keyPrefix: string) {
    this.#redis = redis;
    this.#keyPrefix = keyPrefix;
  }

  /** How many milliseconds are left before `name` may be called again; 0 when it may be called now. */
  async waitMs(name: string): Promise<number> {
    const left = await this.#redis.pttl(this.#key(name));
    // PTTL answers -2 for no key and -1 for no expiry: neither holds the name.
    return Math.max(left, 0);
  }

  /** Keeps `name` from being called for `ms` from now, unless a longer wait is already set. */
  async hold(name: string, ms: number): Promise<void> {
    const wait = Math.ceil(ms);
    if (wait <= 0) return;
    await this.#redis.eval(HOLD_SCRIPT, 1, this.#key(name), wait);
  }

  #key(name: string): string {
    return `${this.#keyPrefix}:${name}`;
  }
}
