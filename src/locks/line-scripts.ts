// Lua scripts of the environment lines. Every script touches only the keys it is given, all under one
// hash-tagged prefix, so each runs atomically on one cluster slot.

/** KEYS: line, sequence, busy. ARGV: job, environment. A job already in line keeps its place. */
export const JOIN = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], seq, ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
return 1
`;

/** KEYS: line, lease, busy. ARGV: job, environment. Forgets the environment once nothing is left in it. */
export const LEAVE = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[2])
end
return removed
`;

/**
 * KEYS: lease, line, busy. ARGV: job, lease ms, environment.
 * Returns {'started'} | {'waiting', holder or false, ahead} | {'not-in-line'}.
 */
export const TRY_START = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('ZREM', KEYS[2], ARGV[1])
  return {'started'}
end
local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
if not rank then return {'not-in-line'} end
if not holder and rank == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('SADD', KEYS[3], ARGV[3])
  return {'started'}
end
local ahead = {}
if rank > 0 then ahead = redis.call('ZRANGE', KEYS[2], 0, rank - 1) end
return {'waiting', holder, ahead}
`;

/** KEYS: lease. ARGV: job, lease ms. Extends the lease only while this job owns it. */
export const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`;

/** KEYS: lease, line, busy. ARGV: job, environment. Deletes the lease only when this job owns it. */
export const RELEASE = `
redis.call('ZREM', KEYS[2], ARGV[1])
local held = 0
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  held = 1
end
if redis.call('ZCARD', KEYS[2]) == 0 and redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[2])
end
return held
`;

/** KEYS: line, lease, busy. ARGV: environment. Drops an environment whose line and lease are both gone. */
export const PRUNE = `
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  return redis.call('SREM', KEYS[3], ARGV[1])
end
return 0
`;
