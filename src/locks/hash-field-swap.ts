import type { Redis } from "ioredis";

// Compare-and-swap of one hash field: '' stands for "absent" on both sides, which a stored value never is.
const SWAP = `
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if current ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
return 1
`;

/**
 * Sets `field` to `next` (or deletes it when `next` is undefined) only if it still holds `expected`
 * (undefined: absent); true when this call made the change, so exactly one of several racing callers wins.
 */
export async function swapHashField(
  redis: Redis,
  key: string,
  field: string,
  expected: string | undefined,
  next: string | undefined,
): Promise<boolean> {
  return Number(await redis.eval(SWAP, 1, key, field, expected ?? "", next ?? "")) === 1;
}
