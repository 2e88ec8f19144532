import type { Redis, Result } from 'ioredis';

/**
 * The saga orchestrator's Redis writes. Each instance transition is one script over the instance's
 * own hash (one key, so one Cluster slot); the timer set is touched by separate single-key commands
 * and is only a hint of when to look: the hash is the truth. Times come from Redis (TIME), so that
 * leases do not depend on the clocks of the orchestrator processes.
 */

/**
 * Fenced compare-and-set of an instance: the transition applies only if the caller still holds the
 * instance (owner token), nobody changed it since the caller read it (rev), and it is at the step and
 * attempt the caller thinks. Outbox entries (fields starting with `>`) are ordinary fields to set.
 * KEYS[1] instance hash
 * ARGV[1] expected owner token ('' unowned; '*' any: operator actions), ARGV[2] new owner token ('' releases),
 * ARGV[3] expected rev ('-1': the instance must not exist yet), ARGV[4] allowed statuses, comma-separated
 * ('' any), ARGV[5] expected 'step:attempt' ('' unchecked), ARGV[6] lease ms, ARGV[7] expiry ms of the
 * hash ('' unchanged, '0' none), ARGV[8] n, ARGV[9..8+2n] field/value pairs to set, the rest: fields to delete
 * returns: the new rev (integer); or a refusal: 'exists', 'gone', 'rev', 'owner', 'fence', 'status:<status>'
 */
const TRANSITION = `
local cur = redis.call('HMGET', KEYS[1], 'rev', 'owner', 'status', 'step', 'attempt')
if ARGV[3] == '-1' then
  if cur[1] then return 'exists' end
else
  if not cur[1] then return 'gone' end
  if cur[1] ~= ARGV[3] then return 'rev' end
  if ARGV[1] ~= '*' and (cur[2] or '') ~= ARGV[1] then return 'owner' end
  if ARGV[4] ~= '' and not string.find(',' .. ARGV[4] .. ',', ',' .. (cur[3] or '') .. ',', 1, true) then
    return 'status:' .. (cur[3] or '')
  end
  if ARGV[5] ~= '' and ARGV[5] ~= (cur[4] or '') .. ':' .. (cur[5] or '') then return 'fence' end
end
local rev = (tonumber(cur[1]) or -1) + 1
local lease = '0'
if ARGV[2] ~= '' then
  local t = redis.call('TIME')
  lease = tostring(tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[6]))
end
local set = {'rev', tostring(rev), 'owner', ARGV[2], 'lease', lease}
local n = tonumber(ARGV[8])
for i = 9, 8 + 2 * n do set[#set + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(set))
if #ARGV > 8 + 2 * n then redis.call('HDEL', KEYS[1], unpack(ARGV, 9 + 2 * n, #ARGV)) end
if ARGV[7] == '0' then redis.call('PERSIST', KEYS[1]) elseif ARGV[7] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[7]) end
return rev`;

/**
 * Take over an instance that needs work and that nobody holds (never held, released while it waits
 * for a reply, or its owner's lease ran out: the owner died or hung).
 * KEYS[1] instance hash
 * ARGV[1] new owner token, ARGV[2] lease ms
 * returns: {kind, ms, fields...}: 'gone' (no such instance, or ended with nothing to publish);
 * 'busy' (held; ms = lease end); 'later' (waits for a reply; ms = its deadline); 'flush' (nothing to
 * run but unpublished outbox entries: ms = when to look again, 0 never; fields = the whole hash);
 * 'claimed' (now held by the caller, rev bumped; fields = the whole hash)
 */
const CLAIM = `
local f = redis.call('HMGET', KEYS[1], 'rev', 'owner', 'lease', 'status', 'phase', 'wake')
if not f[1] then return {'gone', 0} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(f[3]) or 0
if (f[2] or '') ~= '' and lease > now then return {'busy', lease} end
local function outboxed()
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    if string.sub(all[i], 1, 1) == '>' then return all end
  end
  return nil
end
local wake = tonumber(f[6]) or 0
local waiting = f[5] == 'await' and wake > now
if (f[4] ~= 'running' and f[4] ~= 'compensating') or waiting then
  local all = outboxed()
  local again = 0
  if waiting then again = wake end
  if all then return {'flush', again, unpack(all)} end
  if waiting then return {'later', wake} end
  return {'gone', 0}
end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'lease', tostring(now + tonumber(ARGV[2])), 'rev', tostring(tonumber(f[1]) + 1))
return {'claimed', 0, unpack(redis.call('HGETALL', KEYS[1]))}`;

/**
 * Extends the caller's lease while a step, a compensation or a backoff runs long.
 * KEYS[1] instance hash
 * ARGV[1] owner token, ARGV[2] lease ms
 * returns: 1 extended, 0 the caller no longer holds the instance
 */
const RENEW = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
local t = redis.call('TIME')
redis.call('HSET', KEYS[1], 'lease', tostring(tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[2])))
return 1`;

/**
 * Moves (or removes) a timer only if nobody moved it since the caller read it, so that a poller's
 * late correction cannot push back a deadline an orchestrator has just brought forward.
 * KEYS[1] timer set
 * ARGV[1] saga id, ARGV[2] the score the caller read, ARGV[3] the new score, or '' to remove
 * returns: 1 done, 0 the timer had moved
 */
const RESCHEDULE = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
if ARGV[3] == '' then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) end
return 1`;

export const SAGA_SCRIPTS = {
  elSagaTransition: { numberOfKeys: 1, lua: TRANSITION },
  elSagaClaim: { numberOfKeys: 1, lua: CLAIM },
  elSagaRenew: { numberOfKeys: 1, lua: RENEW },
  elSagaReschedule: { numberOfKeys: 1, lua: RESCHEDULE },
} as const;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    elSagaTransition(instance: string, ...args: string[]): Result<number | string, Context>;
    elSagaClaim(instance: string, owner: string, leaseMs: string): Result<(string | number)[], Context>;
    elSagaRenew(instance: string, owner: string, leaseMs: string): Result<number, Context>;
    elSagaReschedule(timers: string, sagaId: string, expected: string, next: string): Result<number, Context>;
  }
}

const registered = new WeakSet<Redis>();

/** Idempotent: defines the saga scripts once per connection. */
export function registerSagaScripts(redis: Redis): Redis {
  if (registered.has(redis)) return redis;
  for (const [name, script] of Object.entries(SAGA_SCRIPTS)) {
    redis.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
  registered.add(redis);
  return redis;
}
