import type { Redis, Result } from 'ioredis';

/**
 * The event store's Redis work. An aggregate's events, snapshot and the type's id set share the hash
 * tag of the type's topic, `{topic}`, with the topic's stream: the append script touches them together
 * in one Redis Cluster slot. An aggregate's stream has entry ids `<version>-0`, so its last id is its
 * version and "the events after version v" is one XRANGE from `<v+1>-0`.
 */

/**
 * Append with a concurrency check: appends only if the aggregate is still at the version the caller
 * read, to the aggregate's stream (ids `<version>-0`) and to the type's topic stream (ids `*`), so that
 * subscribers, the recorder and projections see each event exactly when it is committed. The topic is
 * trimmed by each XADD, as `publish` does. The version is XLEN (entries are never trimmed or deleted);
 * were one deleted by hand, the XADD of an id not above the last fails loudly rather than reorder.
 * KEYS[1] aggregate's events, KEYS[2] topic stream, KEYS[3] id set of the aggregate type
 * ARGV[1] expected version (0: the aggregate must have no events), ARGV[2] aggregate id,
 * ARGV[3..5] the topic's trim (MAXLEN|MINID, ~, threshold), ARGV[6..n] the events' `event` field values
 * returns: {1, topic entry id, ...} appended (the new version is expected + number of events);
 * {0, current version} refused, nothing written
 */
const APPEND = `
local version = redis.call('XLEN', KEYS[1])
if version ~= tonumber(ARGV[1]) then return {0, version} end
if version == 0 then redis.call('SADD', KEYS[3], ARGV[2]) end
local out = {1}
for i = 6, #ARGV do
  version = version + 1
  redis.call('XADD', KEYS[1], string.format('%d-0', version), 'event', ARGV[i])
  out[#out + 1] = redis.call('XADD', KEYS[2], ARGV[3], ARGV[4], ARGV[5], '*', 'event', ARGV[i])
end
return out`;

/**
 * Load: the snapshot (when its format is the caller's) and the first page of events after it, read
 * together so that they agree; later pages are plain XRANGEs (events never change once appended).
 * KEYS[1] snapshot hash, KEYS[2] aggregate's events
 * ARGV[1] snapshot format version ('' ignores any snapshot), ARGV[2] max entries in the page
 * returns: {snapshot version (0: none), snapshot state ('' when none), entries [[id, fields], ...]}
 */
const LOAD = `
local v, state = 0, ''
if ARGV[1] ~= '' then
  local s = redis.call('HMGET', KEYS[1], 'v', 'sv', 'state')
  if s[1] and s[2] == ARGV[1] and s[3] then
    v = tonumber(s[1])
    state = s[3]
  end
end
return {v, state, redis.call('XRANGE', KEYS[2], string.format('%d-0', v + 1), '+', 'COUNT', tonumber(ARGV[2]))}`;

/**
 * Writes a snapshot unless one of the same format at this version or later is there (two writers
 * that loaded the same aggregate do not move it back).
 * KEYS[1] snapshot hash
 * ARGV[1] version, ARGV[2] snapshot format version, ARGV[3] state, ARGV[4] '1' to replace whatever is
 * there (rebuild after a change of `apply`), '0' otherwise
 * returns: 1 written, 0 kept the newer one
 */
const SNAPSHOT = `
if ARGV[4] ~= '1' then
  local cur = redis.call('HMGET', KEYS[1], 'v', 'sv')
  if cur[1] and cur[2] == ARGV[2] and tonumber(cur[1]) >= tonumber(ARGV[1]) then return 0 end
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'sv', ARGV[2], 'state', ARGV[3])
return 1`;

export const AGGREGATE_SCRIPTS = {
  elAggAppend: { numberOfKeys: 3, lua: APPEND },
  elAggLoad: { numberOfKeys: 2, lua: LOAD },
  elAggSnapshot: { numberOfKeys: 1, lua: SNAPSHOT },
} as const;

/** An XRANGE reply: [entry id, [field, value, ...]] per entry. */
export type RawEntries = [string, string[]][];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    elAggAppend(
      events: string,
      stream: string,
      ids: string,
      expectedVersion: string,
      aggregateId: string,
      ...trimAndEvents: string[]
    ): Result<[0, number] | [1, ...string[]], Context>;
    elAggLoad(
      snapshot: string,
      events: string,
      snapshotFormat: string,
      pageSize: string,
    ): Result<[number, string, RawEntries], Context>;
    elAggSnapshot(
      snapshot: string,
      version: string,
      format: string,
      state: string,
      replace: '1' | '0',
    ): Result<number, Context>;
  }
}

const registered = new WeakSet<Redis>();

/** Idempotent: defines the aggregate scripts once per connection. */
export function registerAggregateScripts(redis: Redis): Redis {
  if (registered.has(redis)) return redis;
  for (const [name, script] of Object.entries(AGGREGATE_SCRIPTS)) {
    redis.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
  registered.add(redis);
  return redis;
}
