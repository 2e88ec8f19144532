/**
 * The real reason a Redis client cannot work. ioredis emits the socket's error ('connect ECONNREFUSED
 * 127.0.0.1:6390') on the client, then rejects every command with a generic message ("Stream isn't
 * writeable…", "Connection is closed.", "Reached the max retries…") that names neither host nor cause.
 * So each client keeps the last connection error it emitted, and the generic messages are swapped for it.
 */
import type { Redis } from 'ioredis';

const lastErrors = new WeakMap<Redis, string>();
const tracked = new WeakSet<Redis>();

/** ioredis' own messages that hide the cause; nothing an operator can act on. */
const GENERIC =
  /Stream isn't writeable|Connection is closed|Reached the max retries per request limit|Redis not ready after|None of startup nodes is available/;

/** Remembers the last connection error `redis` emits until it is ready again. Idempotent. */
export function trackConnectionErrors(redis: Redis): Redis {
  if (tracked.has(redis)) return redis;
  tracked.add(redis);
  redis.on('error', (error: unknown) => lastErrors.set(redis, errorText(error)));
  redis.on('ready', () => lastErrors.delete(redis));
  return redis;
}

/** The connection error `redis` last emitted while it is not ready, or null. */
export function lastConnectionError(redis: Redis): string | null {
  return redis.status === 'ready' ? null : (lastErrors.get(redis) ?? null);
}

/**
 * What to tell a person about `error` from a command on one of `clients`: the socket's error when the
 * client's message is one of ioredis' generic ones, else the error's own text.
 */
export function redisCause(error: unknown, ...clients: Redis[]): string {
  const text = errorText(error);
  const generic =
    GENERIC.test(text) || (error instanceof Error && error.name === 'MaxRetriesPerRequestError');
  if (!generic) return text;
  for (const client of clients) {
    const last = lastErrors.get(client);
    if (last) return last;
  }
  // the server went away and the first reconnect has not failed yet: name where, not ioredis' words
  const client = clients[0];
  return client ? `connection to ${address(client)} lost; reconnecting` : text;
}

function address(redis: Redis): string {
  const { host, port, path } = redis.options;
  return path ? path : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/**
 * One line for an error: its message, or for an AggregateError (Node tries every address of a host
 * name and reports them together, with an empty message) the distinct messages of its parts.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof AggregateError && error.errors.length > 0) {
    const parts = [...new Set(error.errors.map(errorText).filter((m) => m !== ''))];
    if (parts.length > 0) return parts.join('; ');
  }
  if (error.message !== '') return error.message;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}
