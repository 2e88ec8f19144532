import type { Redis, Result } from 'ioredis';

/**
 * The bus's multi-step Redis writes, each atomic. Every script is headed by its contract.
 * Registered on a connection with `registerScripts(redis)`; ioredis sends EVALSHA and falls back to EVAL.
 */

/**
 * Owner-checked ack: acknowledges only entries this consumer still owns, so a consumer that was
 * paused and whose entries were reclaimed by another cannot ack them when it wakes. One XPENDING over
 * the batch's id range, filtered to this consumer, instead of one per entry.
 * KEYS[1] stream, KEYS[2] failures hash of the group
 * ARGV[1] group, ARGV[2] consumer, ARGV[3] lowest id of the batch, ARGV[4] highest id,
 * ARGV[5] max entries to scan (at least this consumer's pending count), ARGV[6..n] entry ids
 * returns: the 1-based positions (among the ids) of the refused ones (not pending, or owned by another
 * consumer); empty when all were acked, the common case, so that the reply stays one byte long
 */
const ACK = `
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[2])
local mine = {}
for _, p in ipairs(pending) do mine[p[1]] = true end
local refused, acked = {}, {}
for i = 6, #ARGV do
  if mine[ARGV[i]] then
    acked[#acked + 1] = ARGV[i]
  else
    refused[#refused + 1] = i - 5
  end
end
if #acked > 0 then
  redis.call('XACK', KEYS[1], ARGV[1], unpack(acked))
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('HDEL', KEYS[2], unpack(acked)) end
end
return refused`;

/**
 * Dead-letter then ack, in one step: nothing can be acked without its dead letter, nor dead-lettered twice.
 * KEYS[1] stream, KEYS[2] dead-letter stream, KEYS[3] failures hash of the group
 * ARGV[1] group, ARGV[2] consumer, ARGV[3] entry id, ARGV[4] dead-letter MAXLEN (approximate),
 * ARGV[5] '1' to require that the consumer owns the entry, '0' when it already left the PEL (trimmed),
 * ARGV[6..n] the dead letter's field/value pairs
 * returns: the dead letter's entry id, or false when the consumer no longer owns the entry
 */
const DEAD_LETTER = `
if ARGV[5] == '1' then
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
  if not p[1] or p[1][2] ~= ARGV[2] then return false end
end
local fields = {}
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', unpack(fields))
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('HDEL', KEYS[3], ARGV[3])
return id`;

/**
 * Heartbeat for long handlers: resets the idle time of entries this consumer still owns, so that
 * XAUTOCLAIM elsewhere leaves them alone. Never takes an entry from another consumer.
 * KEYS[1] stream
 * ARGV[1] group, ARGV[2] consumer, ARGV[3..n] entry ids
 * returns: one integer per id, 1 still owned (idle reset), 0 lost
 */
const TOUCH = `
local out = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'JUSTID')
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out`;

/**
 * Replay dead letters of one dead-letter stream to one target stream: each letter's original fields (or
 * an edited event) are appended to the stream and the letter removed from the dead letters, in one
 * step per letter. The stream is the letters' topic stream (every group sees them), one group's
 * redelivery stream of it (only that group sees them), or another topic's stream. One call carries the
 * few letters a paced replay sends together: a call per letter cost the sender a command (arguments,
 * promise, reply) and Redis a script invocation each. A letter Redis refuses (a key of the wrong type,
 * a malformed entry) is answered with its error and does not stop the others.
 * KEYS[1] dead-letter stream, KEYS[2] target stream
 * ARGV[1] replacement value of the 'event' field, or '' to keep it,
 * ARGV[2] approximate MAXLEN of the target stream, or '' for no trim, ARGV[3..n] dead letter entry ids
 * returns: per id, in order, the new stream entry id, false when the dead letter does not exist, or an error
 */
const REPLAY = `
local function move(entryId)
  local entry = redis.call('XRANGE', KEYS[1], entryId, entryId)
  if not entry[1] then return false end
  local f = entry[1][2]
  local raw
  for i = 1, #f, 2 do if f[i] == 'raw' then raw = f[i + 1] end end
  if not raw then return false end
  local fields = {}
  local decoded = cjson.decode(raw)
  for k, v in pairs(decoded) do
    fields[#fields + 1] = k
    if k == 'event' and ARGV[1] ~= '' then fields[#fields + 1] = ARGV[1] else fields[#fields + 1] = v end
  end
  if ARGV[1] ~= '' and decoded['event'] == nil then
    fields[#fields + 1] = 'event'
    fields[#fields + 1] = ARGV[1]
  end
  local id
  if ARGV[2] ~= '' then
    id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
  else
    id = redis.call('XADD', KEYS[2], '*', unpack(fields))
  end
  redis.call('XDEL', KEYS[1], entryId)
  return id
end
local out = {}
for i = 3, #ARGV do
  local ok, result = pcall(move, ARGV[i])
  if ok then
    out[i - 2] = result
  elseif type(result) == 'table' and result.err then
    out[i - 2] = result
  else
    out[i - 2] = redis.error_reply(tostring(result))
  end
end
return out`;

/**
 * Batch publish: appends many events to one stream in one command. Against a pipeline of XADDs it saves
 * the client a command (arguments, promise, reply) per event, which is most of a publish's cost; and a
 * chunk lands all or nothing on a Redis error (nothing half-appended by a dropped connection mid-chunk).
 * The topic's retention is applied once per call (XTRIM after the appends), not once per entry.
 * Measured on 300,000 events: client CPU 14.8 -> 7.6 us per event, Redis CPU 2.2 -> 2.8 us per event.
 * KEYS[1] stream
 * ARGV[1..3] the topic's trim (MAXLEN|MINID, ~, threshold), ARGV[4..n] the events' `event` field values
 * returns: the new entry ids, in order
 */
const APPEND = `
local ids = {}
local n = 0
for i = 4, #ARGV do
  n = n + 1
  ids[n] = redis.call('XADD', KEYS[1], '*', 'event', ARGV[i])
end
redis.call('XTRIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3])
return ids`;

export const SCRIPTS = {
  elAppend: { numberOfKeys: 1, lua: APPEND },
  elAck: { numberOfKeys: 2, lua: ACK },
  elDeadLetter: { numberOfKeys: 3, lua: DEAD_LETTER },
  elTouch: { numberOfKeys: 1, lua: TOUCH },
  elReplayMany: { numberOfKeys: 2, lua: REPLAY },
} as const;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    elAppend(stream: string, ...trimAndEvents: string[]): Result<string[], Context>;
    elAck(
      stream: string,
      failures: string,
      group: string,
      consumer: string,
      ...ids: string[]
    ): Result<number[], Context>;
    elDeadLetter(
      stream: string,
      deadLetters: string,
      failures: string,
      group: string,
      consumer: string,
      entryId: string,
      maxLen: string,
      requireOwner: '1' | '0',
      ...fields: string[]
    ): Result<string | null, Context>;
    elTouch(stream: string, group: string, consumer: string, ...ids: string[]): Result<number[], Context>;
    elReplayMany(
      deadLetters: string,
      stream: string,
      replacement: string,
      maxLen: string,
      ...deadLetterIds: string[]
    ): Result<(string | null | Error)[], Context>;
  }
}

const registered = new WeakSet<Redis>();

/** Idempotent: defines the scripts once per connection. */
export function registerScripts(redis: Redis): Redis {
  if (registered.has(redis)) return redis;
  for (const [name, script] of Object.entries(SCRIPTS)) {
    redis.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
  registered.add(redis);
  return redis;
}
