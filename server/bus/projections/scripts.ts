import type { Redis, Result } from 'ioredis';

/**
 * The projections' Redis writes. Every key of a projection (meta, and each generation's state, seen
 * ids, lease and model keys) shares the hash tag `{name}`, so each script stays atomic on a Redis
 * Cluster. Model keys are passed in ARGV (there can be thousands per batch); they are built by
 * keys.ts under the same hash tag, so they live in the slot of KEYS[1]. The topic streams are other
 * slots: they are only read, by separate commands, before a commit.
 */

/**
 * Commits one batch: the model writes, the new checkpoints and the applied event ids, all or nothing.
 * Refused, with nothing written, unless the generation is still active or building, the projection
 * is not paused, the caller holds the generation's lease, and every checkpoint is where the caller
 * read from (so that a batch can never be applied twice, whoever else runs the projection).
 * KEYS[1] meta hash, KEYS[2] state hash of the generation, KEYS[3] seen ids (sorted set), KEYS[4] lease
 * ARGV[1] generation, ARGV[2] owner token, ARGV[3] lease ms, ARGV[4] max seen ids kept,
 * ARGV[5] t (topics), then t times: topic, expected position ('' none yet), new position, entries read;
 * then applied, duplicates, skipped (counts of this batch); then s (applied event ids), their score
 * (the batch's time), s times: `source id`; then the model ops to the end: code, key, arguments
 * (model.ts, OP). A write Redis refuses (WRONGTYPE: a handler used one key as two types) is left
 * out and counted (`writeErrors`, `lastError`) instead of aborting half-way: a script is not rolled back,
 * and a half-applied batch would be applied again.
 * returns: 'ok'; or why nothing was written: 'retired', 'paused', 'lease', 'moved'; or the 1-based
 * positions (among the s ids) of ids applied before, when any is: the caller applies the batch again
 * without them. The check is here rather than in a read before the batch because duplicates are rare:
 * one round trip per batch, each id sent once.
 */
const COMMIT = `
local meta = redis.call('HMGET', KEYS[1], 'active', 'building', 'paused')
if meta[1] ~= ARGV[1] and meta[2] ~= ARGV[1] then return 'retired' end
if meta[3] == '1' then return 'paused' end
if redis.call('GET', KEYS[4]) ~= ARGV[2] then return 'lease' end
local t = tonumber(ARGV[5])
local i = 6
for _ = 1, t do
  if (redis.call('HGET', KEYS[2], 'pos:' .. ARGV[i]) or '') ~= ARGV[i + 1] then return 'moved' end
  i = i + 4
end
local counts = i
local s = tonumber(ARGV[i + 3])
local score = ARGV[i + 4]
local first = i + 5
local dup = {}
for from = 0, s - 1, 4000 do
  local to = math.min(s - 1, from + 3999)
  local scores = redis.call('ZMSCORE', KEYS[3], unpack(ARGV, first + from, first + to))
  for k = 1, #scores do
    if scores[k] then dup[#dup + 1] = from + k end
  end
end
if #dup > 0 then return dup end
i = 6
for _ = 1, t do
  redis.call('HSET', KEYS[2], 'pos:' .. ARGV[i], ARGV[i + 2])
  redis.call('HINCRBY', KEYS[2], 'n:' .. ARGV[i], ARGV[i + 3])
  i = i + 4
end
local now = redis.call('TIME')
redis.call('HINCRBY', KEYS[2], 'applied', ARGV[counts])
redis.call('HINCRBY', KEYS[2], 'duplicates', ARGV[counts + 1])
redis.call('HINCRBY', KEYS[2], 'skipped', ARGV[counts + 2])
redis.call('HSET', KEYS[2], 'committedAt', tostring(tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)))
local chunk = {}
for k = 0, s - 1 do
  chunk[#chunk + 1] = score
  chunk[#chunk + 1] = ARGV[first + k]
  if #chunk >= 4000 then
    redis.call('ZADD', KEYS[3], unpack(chunk))
    chunk = {}
  end
end
if #chunk > 0 then redis.call('ZADD', KEYS[3], unpack(chunk)) end
if s > 0 then
  local excess = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[4])
  if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, excess - 1) end
end
i = first + s
local n = #ARGV
local failed, firstError = 0, nil
local function apply(...)
  local reply = redis.pcall(...)
  if type(reply) == 'table' and reply.err then
    failed = failed + 1
    firstError = firstError or reply.err
  end
end
while i <= n do
  local op = ARGV[i]
  if op == 'H' then apply('HSET', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]); i = i + 4
  elseif op == 'I' then apply('HINCRBY', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]); i = i + 4
  elseif op == 'F' then apply('HINCRBYFLOAT', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]); i = i + 4
  elseif op == 'D' then apply('HDEL', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  elseif op == 'S' then apply('SET', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  elseif op == 'N' then apply('INCRBY', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  elseif op == 'G' then apply('INCRBYFLOAT', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  elseif op == 'X' then apply('DEL', ARGV[i + 1]); i = i + 2
  elseif op == 'Z' then apply('ZADD', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]); i = i + 4
  elseif op == 'Y' then apply('ZINCRBY', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]); i = i + 4
  elseif op == 'R' then apply('ZREM', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  elseif op == 'A' then apply('SADD', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  elseif op == 'M' then apply('SREM', ARGV[i + 1], ARGV[i + 2]); i = i + 3
  else
    failed = failed + 1
    firstError = firstError or ('unknown projection op ' .. tostring(op))
    break
  end
end
if failed > 0 then
  redis.call('HINCRBY', KEYS[2], 'writeErrors', failed)
  redis.call('HSET', KEYS[2], 'lastError', 'a model write failed: ' .. firstError)
end
redis.call('PEXPIRE', KEYS[4], ARGV[3])
return 'ok'`;

/**
 * Takes or renews a generation's lease (one process runs a generation at a time; a dead one's lease
 * runs out), and reports the projection's controls. A retired generation's lease is never taken.
 * KEYS[1] meta hash, KEYS[2] lease of the generation
 * ARGV[1] generation, ARGV[2] owner token, ARGV[3] lease ms
 * returns: {state, meta field/value pairs...}; state 1 held by the caller, 0 held by another process,
 * -1 the generation is neither active nor building
 */
const LEASE = `
local meta = redis.call('HGETALL', KEYS[1])
local active, building
for i = 1, #meta, 2 do
  if meta[i] == 'active' then active = meta[i + 1] elseif meta[i] == 'building' then building = meta[i + 1] end
end
local state = 0
if active ~= ARGV[1] and building ~= ARGV[1] then
  state = -1
elseif redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then
  state = 1
elseif redis.call('GET', KEYS[2]) == ARGV[2] then
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  state = 1
end
return {state, unpack(meta)}`;

/**
 * Starts a rebuild: a new generation that reads every topic from its start while the active one
 * serves reads. Generation numbers only grow, so a new one never finds keys of an older one.
 * The start is kept (`rebuildStartedAt`, Redis time in ms) for the console: how long a rebuild took.
 * KEYS[1] meta hash
 * returns: {generation, started}: the building generation and 1 when this call started it, 0 when it
 * was already building; {0, 0} when the projection does not exist
 */
const REBUILD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0} end
local building = redis.call('HGET', KEYS[1], 'building')
if building then return {tonumber(building), 0} end
local gen = redis.call('HINCRBY', KEYS[1], 'generations', 1)
local now = redis.call('TIME')
redis.call('HSET', KEYS[1], 'building', gen,
  'rebuildStartedAt', tostring(tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)))
return {gen, 1}`;

/**
 * Makes a caught-up building generation the active one. The old one is marked retired with the time,
 * so that reads which resolved it just before keep working until it is dropped after a grace period.
 * The swap's time is kept (`rebuiltAt`, Redis time in ms, like `rebuildStartedAt`).
 * KEYS[1] meta hash
 * ARGV[1] generation, ARGV[2] now (ms)
 * returns: the retired generation (0 for none), or -1 when the generation is not the building one
 */
const SWAP = `
if redis.call('HGET', KEYS[1], 'building') ~= ARGV[1] then return -1 end
local old = tonumber(redis.call('HGET', KEYS[1], 'active') or '0')
local now = redis.call('TIME')
redis.call('HSET', KEYS[1], 'active', ARGV[1],
  'rebuiltAt', tostring(tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)))
redis.call('HDEL', KEYS[1], 'building')
if old > 0 then redis.call('HSET', KEYS[1], 'retired:' .. old, ARGV[2]) end
return old`;

export const PROJECTION_SCRIPTS = {
  elProjectionCommit: { numberOfKeys: 4, lua: COMMIT },
  elProjectionLease: { numberOfKeys: 2, lua: LEASE },
  elProjectionRebuild: { numberOfKeys: 1, lua: REBUILD },
  elProjectionSwap: { numberOfKeys: 1, lua: SWAP },
} as const;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    elProjectionCommit(
      meta: string,
      state: string,
      seen: string,
      lease: string,
      ...args: string[]
    ): Result<string | number[], Context>;
    elProjectionLease(
      meta: string,
      lease: string,
      generation: string,
      owner: string,
      leaseMs: string,
    ): Result<(number | string)[], Context>;
    elProjectionRebuild(meta: string): Result<[number, number], Context>;
    elProjectionSwap(meta: string, generation: string, nowMs: string): Result<number, Context>;
  }
}

const registered = new WeakSet<Redis>();

/** Idempotent: defines the projection scripts once per connection. */
export function registerProjectionScripts(redis: Redis): Redis {
  if (registered.has(redis)) return redis;
  for (const [name, script] of Object.entries(PROJECTION_SCRIPTS)) {
    redis.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
  registered.add(redis);
  return redis;
}
