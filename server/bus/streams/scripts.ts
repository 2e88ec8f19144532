import type { Redis, Result } from 'ioredis';

/**
 * Stream processing's Redis writes (`bus.streams`). Each event is applied by one script over its
 * processor's own keys (hash tag `{sp:<processor>}`, one Cluster slot), which dedupes it on
 * `source|id`, updates the state and writes the results it causes into the processor's outbox in the
 * same step: the caller publishes them and deletes them after, and a poller publishes what a crashed
 * caller left. Times are event times in ms (absence deadlines are compared with the poller's clock).
 * Outbox values are JSON objects with `at` (the caller's clock when written) and the result's fields.
 */

/**
 * Lua shared by the window scripts. EMIT: publishes a window's next revision into the outbox (KEYS[1]
 * meta, KEYS[6] outbox; needs `now` and `out`). CLOSE: emits the open windows the watermark `wm`
 * passed and purges the kept ones past their lateness, at most `batch` of each (KEYS[2] windows,
 * KEYS[3] open, KEYS[4] kept; needs `lateness`).
 */
const EMIT = `
local function emit(member, agg)
  agg.r = agg.r + 1
  local field = 'w|' .. member .. '|' .. agg.r
  local json = cjson.encode({at = now, k = agg.k, st = agg.st, en = agg.en, c = agg.c, s = agg.s,
    mn = agg.mn, mx = agg.mx, r = agg.r, cause = agg.last})
  redis.call('HSET', KEYS[6], field, json)
  out[#out + 1] = field
  out[#out + 1] = json
  if agg.r > 1 then redis.call('HINCRBY', KEYS[1], 'corrected', 1) else redis.call('HINCRBY', KEYS[1], 'emitted', 1) end
end`;

const CLOSE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', wm, 'LIMIT', 0, batch)
for _, member in ipairs(due) do
  local raw = redis.call('HGET', KEYS[2], member)
  redis.call('ZREM', KEYS[3], member)
  if raw then
    local agg = cjson.decode(raw)
    emit(member, agg)
    redis.call('HSET', KEYS[2], member, cjson.encode(agg))
    redis.call('ZADD', KEYS[4], agg.en + lateness, member)
  end
end
local gone = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', wm, 'LIMIT', 0, batch)
if #gone > 0 then
  redis.call('HDEL', KEYS[2], unpack(gone))
  redis.call('ZREM', KEYS[4], unpack(gone))
end`;

/**
 * Applies one event to its windows (tumbling: one start; sliding: several), advances the watermark,
 * emits the windows it passed and purges those past their lateness.
 * KEYS[1] meta hash, KEYS[2] windows hash, KEYS[3] open zset, KEYS[4] kept zset, KEYS[5] seen zset,
 * KEYS[6] outbox hash
 * ARGV[1] dedupe member (source|id), ARGV[2] event time ms, ARGV[3] value ('' counts only),
 * ARGV[4] window size ms, ARGV[5] allowed lateness ms, ARGV[6] watermark delay ms, ARGV[7] max windows
 * emitted or purged per call, ARGV[8] grouping key, ARGV[9] event id, ARGV[10] now ms,
 * ARGV[11..n] the starts of the event's windows
 * returns: {status, field, json, field, json, ...}: status 'dup' (handled before), 'dropped' (too late
 * for every window), 'applied'; the pairs are the outbox entries this call wrote
 */
const WINDOW_APPLY = `
if redis.call('ZSCORE', KEYS[5], ARGV[1]) then return {'dup'} end
local t = tonumber(ARGV[2])
local size, lateness, delay, batch = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local key, now = ARGV[8], ARGV[10]
local value = nil
if ARGV[3] ~= '' then value = tonumber(ARGV[3]) end
local wmRaw = redis.call('HGET', KEYS[1], 'wm')
local wm = nil
if wmRaw then wm = tonumber(wmRaw) end
local out = {}
${EMIT}
local applied = 0
for i = 11, #ARGV do
  local st = tonumber(ARGV[i])
  local en = st + size
  if not wm or en + lateness > wm then
    local member = ARGV[i] .. '|' .. key
    local raw = redis.call('HGET', KEYS[2], member)
    local agg
    if raw then agg = cjson.decode(raw) else agg = {k = key, st = st, en = en, c = 0, s = 0, r = 0} end
    agg.c = agg.c + 1
    agg.last = ARGV[9]
    if value then
      agg.s = agg.s + value
      if agg.mn == nil or value < agg.mn then agg.mn = value end
      if agg.mx == nil or value > agg.mx then agg.mx = value end
    end
    if wm and en <= wm then
      -- late but within lateness: (re-)emit now, keep it for later stragglers
      emit(member, agg)
      redis.call('ZREM', KEYS[3], member)
      redis.call('ZADD', KEYS[4], en + lateness, member)
    elseif not raw then
      redis.call('ZADD', KEYS[3], en, member)
    end
    redis.call('HSET', KEYS[2], member, cjson.encode(agg))
    applied = applied + 1
  end
end
if applied == 0 then
  redis.call('HINCRBY', KEYS[1], 'dropped', 1)
  return {'dropped'}
end
redis.call('HINCRBY', KEYS[1], 'applied', 1)
redis.call('ZADD', KEYS[5], t, ARGV[1])
local mark = t - delay
if not wm or mark > wm then
  wm = mark
  redis.call('HSET', KEYS[1], 'wm', tostring(wm))
end
${CLOSE}
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', wm - size - lateness)
table.insert(out, 1, 'applied')
return out`;

/**
 * Count rule: N matching events for one key within a span of event time. A match takes its events
 * (the next match needs N new ones), so each match fires once.
 * KEYS[1] meta hash, KEYS[2] seen zset, KEYS[3] the key's events zset, KEYS[4] outbox hash
 * ARGV[1] dedupe member, ARGV[2] event time ms, ARGV[3] event id, ARGV[4] count, ARGV[5] within ms,
 * ARGV[6] grouping key, ARGV[7] correlation id ('' none), ARGV[8] now ms, ARGV[9] idle expiry ms of the
 * key's events
 * returns: {status, field?, json?}: 'dup', 'counted', or 'fired' with the outbox entry it wrote
 */
/**
 * Moves a window processor's watermark up to a floor (the poller's clock less `clockLagMs`), so that
 * windows close when events stop, then emits and purges as an event would.
 * KEYS as WINDOW_APPLY
 * ARGV[1] watermark floor ms, ARGV[2] allowed lateness ms, ARGV[3] max windows emitted or purged,
 * ARGV[4] now ms, ARGV[5] window size ms
 * returns: {field, json, ...}: the outbox entries written
 */
const WINDOW_ADVANCE = `
local lateness, batch, now, size = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local out = {}
${EMIT}
local wm = tonumber(ARGV[1])
local wmRaw = redis.call('HGET', KEYS[1], 'wm')
if wmRaw and tonumber(wmRaw) >= wm then
  wm = tonumber(wmRaw)
else
  redis.call('HSET', KEYS[1], 'wm', tostring(wm))
end
${CLOSE}
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', wm - size - lateness)
return out`;

const COUNT_APPLY = `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'dup'} end
local t, n, within = tonumber(ARGV[2]), tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZADD', KEYS[2], t, ARGV[1])
local wmRaw = redis.call('HGET', KEYS[1], 'wm')
if not wmRaw or t > tonumber(wmRaw) then
  redis.call('HSET', KEYS[1], 'wm', tostring(t))
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', t - 2 * within)
end
redis.call('HINCRBY', KEYS[1], 'applied', 1)
redis.call('ZADD', KEYS[3], t, ARGV[3])
local newest = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. tostring(tonumber(newest[2]) - within))
if redis.call('ZCARD', KEYS[3]) < n then
  redis.call('PEXPIRE', KEYS[3], ARGV[9])
  return {'counted'}
end
local matched = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
local ids = {}
for i = 1, #matched, 2 do ids[#ids + 1] = matched[i] end
local last = ids[#ids]
redis.call('DEL', KEYS[3])
redis.call('HINCRBY', KEYS[1], 'fired', 1)
local field = 'c|' .. ARGV[6] .. '|' .. last
local json = cjson.encode({at = ARGV[8], k = ARGV[6], ids = ids, first = tonumber(matched[2]),
  last = tonumber(matched[#matched]), cause = last, corr = ARGV[7]})
redis.call('HSET', KEYS[4], field, json)
return {'fired', field, json}`;

/**
 * Absence rule, first event: arms the key's deadline, unless its follow-up was seen already (events
 * of two topics may be handled out of order). A key already armed keeps its first deadline.
 * KEYS[1] meta hash, KEYS[2] seen zset, KEYS[3] pending hash, KEYS[4] timers zset, KEYS[5] early hash
 * ARGV[1] dedupe member, ARGV[2] event time ms, ARGV[3] event id, ARGV[4] within ms, ARGV[5] grouping
 * key, ARGV[6] correlation id ('' none)
 * returns: 'dup', 'armed', 'armed-before' (the key waits already), or 'followed' (follow-up seen first)
 */
const ABSENCE_FIRST = `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'dup' end
local t, within, key = tonumber(ARGV[2]), tonumber(ARGV[4]), ARGV[5]
redis.call('ZADD', KEYS[2], t, ARGV[1])
local wmRaw = redis.call('HGET', KEYS[1], 'wm')
if not wmRaw or t > tonumber(wmRaw) then
  redis.call('HSET', KEYS[1], 'wm', tostring(t))
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', t - 2 * within)
end
redis.call('HINCRBY', KEYS[1], 'applied', 1)
local early = redis.call('HGET', KEYS[5], key)
if early and tonumber(early) >= t then
  redis.call('HDEL', KEYS[5], key)
  redis.call('ZREM', KEYS[4], 'e|' .. key)
  redis.call('HINCRBY', KEYS[1], 'matched', 1)
  return 'followed'
end
if redis.call('HEXISTS', KEYS[3], key) == 1 then return 'armed-before' end
redis.call('HSET', KEYS[3], key, cjson.encode({id = ARGV[3], t = t, corr = ARGV[6]}))
redis.call('ZADD', KEYS[4], t + within, 'a|' .. key)
return 'armed'`;

/**
 * Absence rule, follow-up event: disarms the key, or remembers it for a first event still to come.
 * KEYS[1] meta hash, KEYS[2] seen zset, KEYS[3] pending hash, KEYS[4] timers zset, KEYS[5] early hash
 * ARGV[1] dedupe member, ARGV[2] event time ms, ARGV[3] within ms, ARGV[4] grouping key
 * returns: 'dup', 'matched' (a deadline disarmed), or 'early' (nothing armed: remembered for within ms)
 */
const ABSENCE_THEN = `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'dup' end
local t, within, key = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZADD', KEYS[2], t, ARGV[1])
redis.call('HINCRBY', KEYS[1], 'applied', 1)
if redis.call('HEXISTS', KEYS[3], key) == 1 then
  redis.call('HDEL', KEYS[3], key)
  redis.call('ZREM', KEYS[4], 'a|' .. key)
  redis.call('HINCRBY', KEYS[1], 'matched', 1)
  return 'matched'
end
redis.call('HSET', KEYS[5], key, tostring(t))
redis.call('ZADD', KEYS[4], t + within, 'e|' .. key)
return 'early'`;

/**
 * Absence rule, a deadline that passed: the key's first event was not followed in time. Fires once:
 * the timer and the pending entry go with the outbox entry written.
 * KEYS[1] meta hash, KEYS[2] pending hash, KEYS[3] timers zset, KEYS[4] early hash, KEYS[5] outbox hash
 * ARGV[1] timer member ('a|<key>' or 'e|<key>'), ARGV[2] now ms
 * returns: {field, json} of the alert written, or an empty array (not due, already handled, or an
 * early follow-up's memory that expired)
 */
const ABSENCE_DUE = `
local score = redis.call('ZSCORE', KEYS[3], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return {} end
redis.call('ZREM', KEYS[3], ARGV[1])
local key = string.sub(ARGV[1], 3)
if string.sub(ARGV[1], 1, 2) == 'e|' then
  redis.call('HDEL', KEYS[4], key)
  return {}
end
local raw = redis.call('HGET', KEYS[2], key)
if not raw then return {} end
redis.call('HDEL', KEYS[2], key)
local first = cjson.decode(raw)
redis.call('HINCRBY', KEYS[1], 'fired', 1)
local field = 'a|' .. key .. '|' .. first.id
local json = cjson.encode({at = ARGV[2], k = key, ids = {first.id}, first = first.t, last = first.t,
  deadline = tonumber(score), cause = first.id, corr = first.corr})
redis.call('HSET', KEYS[5], field, json)
return {field, json}`;

export const STREAM_SCRIPTS = {
  elStreamWindow: { numberOfKeys: 6, lua: WINDOW_APPLY },
  elStreamAdvance: { numberOfKeys: 6, lua: WINDOW_ADVANCE },
  elStreamCount: { numberOfKeys: 4, lua: COUNT_APPLY },
  elStreamAbsenceFirst: { numberOfKeys: 5, lua: ABSENCE_FIRST },
  elStreamAbsenceThen: { numberOfKeys: 5, lua: ABSENCE_THEN },
  elStreamAbsenceDue: { numberOfKeys: 5, lua: ABSENCE_DUE },
} as const;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    elStreamWindow(...keysAndArgs: string[]): Result<string[], Context>;
    elStreamAdvance(...keysAndArgs: string[]): Result<string[], Context>;
    elStreamCount(...keysAndArgs: string[]): Result<string[], Context>;
    elStreamAbsenceFirst(...keysAndArgs: string[]): Result<string, Context>;
    elStreamAbsenceThen(...keysAndArgs: string[]): Result<string, Context>;
    elStreamAbsenceDue(...keysAndArgs: string[]): Result<string[], Context>;
  }
}

const registered = new WeakSet<Redis>();

/** Idempotent: defines the stream-processing scripts once per connection. */
export function registerStreamScripts(redis: Redis): Redis {
  if (registered.has(redis)) return redis;
  for (const [name, script] of Object.entries(STREAM_SCRIPTS)) {
    redis.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
  registered.add(redis);
  return redis;
}
