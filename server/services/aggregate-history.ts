/**
 * `GET /api/aggregates/{type}/{id}`: a page of an aggregate's history around a version and, when a
 * process that defines the type is reachable, the state after each event. States need the type's
 * `apply`, which only such processes have: a type defined in this process is read directly, otherwise
 * its owners are asked over the bus (a short timeout); without an answer the events are read straight
 * from the aggregate's stream and `statesNote` says why there are no states. Unmasked: the route
 * presents it (server/access/present-aggregate.ts).
 */
import type { Redis } from 'ioredis';
import {
  historyWindow,
  localAggregate,
  requestHistory,
  type AggregateHistory,
  type InspectionRequester,
} from '@/server/bus/aggregates';
import { decodeEntry } from '@/server/bus/codec';
import { unavailableOr } from '@/server/bus/errors';
import type { Keys } from '@/server/bus/keys';
import type { STATE_SOURCES } from '@/server/contracts/aggregates';
import type { Envelope } from '@/server/contracts/envelope';
import { readAggregateHeartbeats } from './aggregate-types';

/** How long the console waits for an owner: a page view, not a batch job. */
export const INSPECT_TIMEOUT_MS = 1_500;

export interface AggregateClients {
  redis: Redis;
  keys: Keys;
  /** The console's bus, to ask the processes that define a type; absent: stored events only. */
  inspector?: InspectionRequester;
}

export class AggregateNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'AggregateNotFoundError';
  }
}

export class AggregateVersionError extends Error {
  readonly code = 'BAD_REQUEST';
  constructor(at: number, version: number) {
    super(`query.at: version ${at} is out of range: the aggregate has versions 1 to ${version}`);
    this.name = 'AggregateVersionError';
  }
}

export interface RawHistory {
  type: string;
  aggregateId: string;
  topic: string;
  version: number;
  at: number;
  from: number;
  to: number;
  states: (typeof STATE_SOURCES)[number];
  statesNote: string | null;
  /** Present with states: the state before `from`. */
  stateBefore?: unknown;
  events: { version: number; event: Envelope | null; entryId: string; stateAfter?: unknown }[];
}

export async function readAggregateHistory(
  clients: AggregateClients,
  type: string,
  aggregateId: string,
  at: number | undefined,
): Promise<RawHistory> {
  const topic = await topicOf(clients, type);
  const version = await latestVersion(clients, topic, type, aggregateId);
  if (version === 0)
    throw new AggregateNotFoundError(`no ${type} aggregate with id ${JSON.stringify(aggregateId)}`);
  const asked = at ?? version;
  if (asked > version) throw new AggregateVersionError(asked, version);

  const { history, note, source } = await statesFor(clients, type, aggregateId, asked);
  if (history) {
    return {
      type,
      aggregateId,
      topic,
      version: history.version,
      at: history.at,
      from: history.from,
      to: history.to,
      states: source,
      statesNote: null,
      stateBefore: history.stateBefore,
      events: history.events.map((e) => ({
        version: e.version,
        event: e.event,
        entryId: `${e.version}-0`,
        stateAfter: e.stateAfter,
      })),
    };
  }
  const { from, to } = historyWindow(asked, version);
  return {
    type,
    aggregateId,
    topic,
    version,
    at: asked,
    from,
    to,
    states: 'unavailable',
    statesNote: note,
    events: await storedEvents(clients, topic, type, aggregateId, from, to),
  };
}

async function statesFor(
  clients: AggregateClients,
  type: string,
  aggregateId: string,
  at: number,
): Promise<{ history: AggregateHistory | null; note: string; source: 'local' | 'owner' }> {
  const local = localAggregate(clients.keys.prefix, type);
  if (local) return { history: await local.history(aggregateId, at), note: '', source: 'local' };
  const needs = `State needs a live process that defines ${type}`;
  if (!clients.inspector)
    return { history: null, note: `${needs}; this server cannot ask one.`, source: 'owner' };
  try {
    const history = await requestHistory(clients.inspector, type, aggregateId, at, INSPECT_TIMEOUT_MS);
    return { history, note: '', source: 'owner' };
  } catch (error) {
    // by code, not instanceof: the console's bus lives in the server's module graph, this route in
    // Next's, so its error classes are other copies of the same classes
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'REQUEST_TIMEOUT')
      return {
        history: null,
        note: `${needs}: none answered within ${INSPECT_TIMEOUT_MS / 1000} s. The events below are read from the aggregate's stream.`,
        source: 'owner',
      };
    if (code === 'REMOTE_HANDLER_FAILED' && error instanceof Error)
      return {
        history: null,
        note: `${needs}; the one that answered failed: ${error.message}`,
        source: 'owner',
      };
    throw error;
  }
}

/**
 * The type's topic: from its heartbeats, else (a type whose processes all stopped) from its id set's
 * key: the default topic first, then a SCAN of the keyspace (slow on a large database, but only for a
 * type nobody announces on a topic of its own name).
 */
async function topicOf(clients: AggregateClients, type: string): Promise<string> {
  const { beats } = await readAggregateHeartbeats(clients);
  const beat = beats.filter((b) => b.type === type).sort((a, b) => b.lastSeen - a.lastSeen)[0];
  if (beat) return beat.topic;
  const { keys, redis } = clients;
  try {
    // most types publish on a topic named after them: one EXISTS before walking the keyspace
    if ((await redis.exists(keys.aggregateIds(type, type))) === 1) return type;
  } catch (error) {
    throw unavailableOr(error, redis);
  }
  const marker = keys.aggregateIds('\u0000', type);
  const [head, tail] = marker.split('\u0000') as [string, string];
  try {
    let cursor = '0';
    do {
      const [next, found] = (await redis.call(
        'SCAN',
        cursor,
        'MATCH',
        `${escapeGlob(head)}*${escapeGlob(tail)}`,
        'COUNT',
        '1000',
        'TYPE',
        'set',
      )) as [string, string[]];
      for (const key of found) {
        const topic = key.slice(head.length, key.length - tail.length);
        if (keys.aggregateIds(topic, type) === key) return topic;
      }
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    throw unavailableOr(error, redis);
  }
  throw new AggregateNotFoundError(
    `unknown aggregate type ${JSON.stringify(type)}: no process announces it and no aggregate of it is stored`,
  );
}

async function latestVersion(
  clients: AggregateClients,
  topic: string,
  type: string,
  id: string,
): Promise<number> {
  try {
    const last = (await clients.redis.xrevrange(
      clients.keys.aggregateEvents(topic, type, id),
      '+',
      '-',
      'COUNT',
      1,
    )) as [string, string[]][];
    return last[0] ? Number.parseInt(last[0][0], 10) : 0;
  } catch (error) {
    throw unavailableOr(error, clients.redis);
  }
}

async function storedEvents(
  clients: AggregateClients,
  topic: string,
  type: string,
  id: string,
  from: number,
  to: number,
): Promise<RawHistory['events']> {
  try {
    const entries = (await clients.redis.xrange(
      clients.keys.aggregateEvents(topic, type, id),
      `${from}-0`,
      `${to}-0`,
    )) as [string, string[]][];
    return entries.map(([entryId, fields]) => {
      const decoded = decodeEntry(fields);
      return { version: Number.parseInt(entryId, 10), entryId, event: decoded.ok ? decoded.envelope : null };
    });
  } catch (error) {
    throw unavailableOr(error, clients.redis);
  }
}

/** A literal for a Redis glob. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
