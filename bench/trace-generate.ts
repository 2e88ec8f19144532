/**
 * Writes bench:trace's history into a migrated store by streaming COPY (no row inserts): ordinary
 * traces (trace-shape.ts) whose roots are spread evenly over HISTORY_MS, plus the 50-hop chain and the
 * 10,000-event trace, with every event's deliveries, the dead letters some of them led to and the
 * replay jobs that sent a tenth of those again. Rows leave in event-time order across traces (a heap
 * holds the events of traces still in flight), so a trace's rows lie among its neighbours' in the
 * table as a recorder writing live traffic would have left them.
 *
 * The indexes of `events` and `deliveries` are dropped before the load and built again from their
 * own definitions after it (bulk-load.ts), then both tables are vacuumed and analysed, as autovacuum
 * would have done on a store that had been running.
 */
import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import { createKeys } from '@/server/bus/keys';
import { copyText, CopyWriter, NULL } from './copy-writer';
import { indexesOf, type IndexDef } from './bulk-load';
import {
  chainTrace,
  CONSUMERS,
  deliver,
  largeTrace,
  ORDINARY_ODDS,
  ordinaryTrace,
  seededRandom,
  traceSize,
  TYPES,
  type GenDeadLetter,
  type GenTrace,
} from './trace-shape';

export const HISTORY_MS = 3 * 86_400_000;
/** The newest ordinary root is this old: nothing in the store is still in progress. */
const NEWEST_MS = 15 * 60_000;
const SEED = 20_261_204;
const STREAMS = createKeys('el');

const EVENT_COLUMNS = [
  'source',
  'event_id',
  'time',
  'topic',
  'stream',
  'entry_id',
  'type',
  'subject',
  'correlation_id',
  'causation_id',
  'traceparent',
  'data_version',
  'sensitivity',
  'data',
  'size_bytes',
  'recorded_at',
];
const DELIVERY_COLUMNS = [
  'consumer_id',
  'entry_id',
  'event_id',
  'outcome',
  'attempt',
  'duration_ms',
  'category',
  'error',
  'at',
];
const LETTER_COLUMNS = [
  'id',
  'topic',
  'group_name',
  'consumer',
  'entry_id',
  'event_id',
  'event_type',
  'correlation_id',
  'category',
  'attempts',
  'first_failure_at',
  'last_failure_at',
  'error_name',
  'error_message',
  'error_stack',
  'raw',
  'fingerprint',
  'pattern',
  'frame',
  'history',
  'recorded_at',
];
const STATE_COLUMNS = ['letter_id', 'status', 'history', 'changed_at'];

export interface GeneratedHistory {
  events: number;
  deliveries: number;
  deadLetters: number;
  replayJobs: number;
  traces: number;
  chainCorrelationId: string;
  largeCorrelationId: string;
  /** Seconds per phase: COPY, index builds, vacuum + analyze. */
  phases: { copy: number; indexes: number; vacuum: number };
}

/** Where the two measured traces sit: the chain across a midnight (two partitions), the large one at noon. */
export function specialTimes(now: number): { chain: number; large: number } {
  const yesterday = now - (now % 86_400_000) - 86_400_000;
  return { chain: yesterday - 60_000, large: yesterday + 12 * 3_600_000 };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A UUIDv7 of `ms` whose random bits are a counter: unique, and sorted by time as the SDK's are. */
function uuid7(ms: number, counter: number): string {
  const t = ms.toString(16).padStart(12, '0');
  const c = counter.toString(16).padStart(15, '0');
  const tail = ((counter * 2_654_435_761) % 4096).toString(16).padStart(3, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6, 15)}${tail}`;
}

interface Pending {
  time: number;
  event: string;
  deliveries: string[];
}

/** A binary min-heap on `time`: the rows of traces still in flight, released in time order. */
class TimeHeap {
  private readonly items: Pending[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: Pending): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (a[up]!.time <= item.time) break;
      a[i] = a[up]!;
      i = up;
    }
    a[i] = item;
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && a[r]!.time < a[l]!.time ? r : l;
      if (a[child]!.time >= last.time) break;
      a[i] = a[child]!;
      i = child;
    }
    a[i] = last;
    return top;
  }
}

interface LetterRow {
  letter: GenDeadLetter;
  id: string;
  topic: string;
  entryId: string;
  eventId: string;
  eventType: string;
  correlationId: string;
  status: 'pending' | 'replayed' | 'discarded';
  /** For replayed letters: the job and when it sent the letter again. */
  jobId: string | null;
  replayedAt: number | null;
}

const REPLAY_BUCKET_MS = 6 * 3_600_000;
const REPLAY_AFTER_MS = 10 * 60_000;

/** Writes the whole history; `progress` is called now and then with the events written so far. */
export async function generateHistory(
  sql: postgres.Sql,
  target: number,
  now: number,
  progress: (events: number) => void,
): Promise<GeneratedHistory> {
  const copyStarted = performance.now();
  const dropped = await dropIndexes(sql, ['events', 'deliveries']);
  await sql.unsafe(
    `insert into delivery_consumers (id, topic, group_name, consumer, service) overriding system value
     select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [
      CONSUMERS.map((c) => c.id),
      CONSUMERS.map((c) => c.topic),
      CONSUMERS.map((c) => c.group),
      CONSUMERS.map((c) => c.consumer),
      CONSUMERS.map((c) => c.service),
    ],
  );
  const eventsOut = await CopyWriter.open(sql, 'events', EVENT_COLUMNS);
  const deliveriesOut = await CopyWriter.open(sql, 'deliveries', DELIVERY_COLUMNS);
  const random = seededRandom(SEED);
  const heap = new TimeHeap();
  const letters: LetterRow[] = [];
  let counter = 0;
  let entrySeq = 0;

  /** Turns a generated trace into rows on the heap, and its dead letters into letter rows. */
  const place = (trace: GenTrace, odds = ORDINARY_ODDS, replayJob?: string): string => {
    const ids = trace.events.map((e) => uuid7(e.time, counter++));
    const correlationId = ids[0]!;
    const traceId = correlationId.replaceAll('-', '');
    for (const event of trace.events) {
      const kind = TYPES[event.type]!;
      const id = ids[event.k]!;
      const entryId = `${event.time}-${entrySeq++ % 8}`;
      deliver(random, event, entryId, odds);
      const data = kind.payload(trace.n, event.k);
      const eventLine = [
        `/services/${kind.service}`,
        id,
        iso(event.time),
        kind.topic,
        STREAMS.stream(kind.topic),
        entryId,
        kind.type,
        `ord-${trace.n}`,
        correlationId,
        event.parent < 0 ? NULL : ids[event.parent]!,
        `00-${traceId}-${id.replaceAll('-', '').slice(-16)}-01`,
        '1',
        kind.sensitivity ?? NULL,
        data,
        String(data.length),
        iso(event.time + 3 + (event.k % 40)),
      ].join('\t');
      const deliveryLines = event.deliveries.map((d) => deliveryLine(d, id));
      for (const letter of event.deadLetters) {
        const row = letterRow(letter, kind.topic, entryId, id, kind.type, correlationId, random, replayJob);
        letters.push(row);
        if (row.replayedAt !== null) {
          // the replay sends the same event again as a new entry, and the group handles it this time
          const replayed = {
            consumer: letter.consumer,
            entryId: `${row.replayedAt}-${entrySeq++ % 8}`,
            attempt: 1,
            outcome: 'handled' as const,
            durationMs: 3.5,
            category: null,
            error: null,
            at: row.replayedAt + 25,
          };
          deliveryLines.push(deliveryLine(replayed, id));
        }
      }
      heap.push({ time: event.time, event: eventLine, deliveries: deliveryLines });
    }
    return correlationId;
  };

  const release = async (before: number): Promise<void> => {
    while ((heap.peek()?.time ?? Infinity) < before) {
      const item = heap.pop()!;
      eventsOut.row(item.event);
      for (const line of item.deliveries) deliveriesOut.row(line);
    }
    await Promise.all([eventsOut.flush(), deliveriesOut.flush()]);
  };

  const special = specialTimes(now);
  const start = now - HISTORY_MS;
  const span = HISTORY_MS - NEWEST_MS;
  const ordinary = Math.max(0, target - 50 - 10_000);
  let chainId: string | null = null;
  let largeId: string | null = null;
  let written = 0;
  let traces = 0;
  try {
    while (written < ordinary) {
      const rootTime = start + Math.floor((written / Math.max(1, ordinary)) * span);
      if (chainId === null && rootTime >= special.chain) {
        chainId = place(chainTrace(random, traces++, special.chain), { retried: 0.06, deadLettered: 0 });
      }
      if (largeId === null && rootTime >= special.large) {
        largeId = place(
          largeTrace(random, traces++, special.large),
          { retried: 0.03, deadLettered: 0.001 },
          'large',
        );
      }
      const size = Math.min(traceSize(random), ordinary - written);
      place(ordinaryTrace(random, traces++, size, rootTime));
      written += size;
      await release(rootTime);
      if (traces % 200_000 === 0) progress(eventsOut.rows);
      // a turn of the event loop every millisecond or so: a flush that needs no drain only queues
      // microtasks, and signals are handled between turns (tsx kills a child that does not
      // acknowledge Ctrl-C within 30 ms, which would leave the half-made store behind)
      if (traces % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    chainId ??= place(chainTrace(random, traces++, special.chain), { retried: 0.06, deadLettered: 0 });
    largeId ??= place(
      largeTrace(random, traces++, special.large),
      { retried: 0.03, deadLettered: 0.001 },
      'large',
    );
    await release(Infinity);
    await Promise.all([eventsOut.close(), deliveriesOut.close()]);
  } catch (error) {
    eventsOut.abort(error as Error);
    deliveriesOut.abort(error as Error);
    throw error;
  }
  progress(eventsOut.rows);
  const replayJobs = await writeLetters(sql, letters);
  const copySeconds = (performance.now() - copyStarted) / 1000;

  const indexStarted = performance.now();
  await rebuildIndexes(sql, dropped);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  const vacuumStarted = performance.now();
  // as autovacuum would have: the visibility map (index-only scans) and the planner's statistics
  await Promise.all(
    [
      'events',
      'deliveries',
      'dead_letters, dead_letter_states, replay_jobs, replay_job_letters, delivery_consumers',
    ].map((t) => sql.unsafe(`vacuum (analyze) ${t}`)),
  );
  return {
    events: eventsOut.rows,
    deliveries: deliveriesOut.rows,
    deadLetters: letters.length,
    replayJobs,
    traces,
    chainCorrelationId: chainId,
    largeCorrelationId: largeId,
    phases: {
      copy: copySeconds,
      indexes: indexSeconds,
      vacuum: (performance.now() - vacuumStarted) / 1000,
    },
  };
}

function deliveryLine(d: GenTrace['events'][number]['deliveries'][number], eventId: string): string {
  return [
    String(d.consumer.id),
    d.entryId,
    eventId,
    d.outcome,
    String(d.attempt),
    d.durationMs === null ? NULL : String(d.durationMs),
    d.category ?? NULL,
    d.error ?? NULL,
    iso(d.at),
  ].join('\t');
}

let letterSeq = 0;

/** A recorded dead letter: most pending, a tenth replayed by a job, a tenth discarded. */
function letterRow(
  letter: GenDeadLetter,
  topic: string,
  entryId: string,
  eventId: string,
  eventType: string,
  correlationId: string,
  random: () => number,
  replayJob: string | undefined,
): LetterRow {
  const roll = random();
  // the large trace's letters: the first few replayed by a job of their own, so that the trace has one
  const replayed = replayJob !== undefined ? letterSeq % 3 !== 2 : roll < 0.1;
  const status = replayed ? 'replayed' : roll < 0.2 ? 'discarded' : 'pending';
  const bucket = Math.floor(letter.lastFailureAt / REPLAY_BUCKET_MS);
  const replayedAt = replayed
    ? replayJob !== undefined
      ? letter.lastFailureAt + REPLAY_AFTER_MS
      : (bucket + 1) * REPLAY_BUCKET_MS + REPLAY_AFTER_MS
    : null;
  return {
    letter,
    id: `${topic}/${letter.lastFailureAt}-${letterSeq++}`,
    topic,
    entryId,
    eventId,
    eventType,
    correlationId,
    status,
    jobId: replayed ? `bench-${replayJob ?? `replay-${bucket}`}` : null,
    replayedAt,
  };
}

const fingerprints = new Map<string, string>();
function fingerprint(topic: string, group: string, name: string, message: string): string {
  const key = `${topic}\u0000${group}\u0000${name}\u0000${message}`;
  let value = fingerprints.get(key);
  if (value === undefined) {
    value = createHash('sha256').update(key).digest('hex').slice(0, 16);
    fingerprints.set(key, value);
  }
  return value;
}

/**
 * The dead letters (as recorded), the states of those operators acted on (replayed by a job, with the
 * job in their history, or discarded), and the replay jobs and job letters of the replayed. Returns the jobs.
 */
async function writeLetters(sql: postgres.Sql, letters: readonly LetterRow[]): Promise<number> {
  const out = await CopyWriter.open(sql, 'dead_letters', LETTER_COLUMNS);
  const jobs = new Map<string, LetterRow[]>();
  const states: string[] = [];
  for (const row of letters) {
    const l = row.letter;
    const history = [{ at: iso(l.lastFailureAt + 50), action: 'recorded', actor: 'recorder' }];
    if (row.jobId !== null && row.replayedAt !== null) {
      jobs.set(row.jobId, [...(jobs.get(row.jobId) ?? []), row]);
      const acted = [
        { at: iso(row.replayedAt - 5), action: 'replaying', actor: 'bench-operator', jobId: row.jobId },
        { at: iso(row.replayedAt), action: 'replayed', actor: 'bench-operator', jobId: row.jobId },
      ];
      states.push([row.id, row.status, copyText(JSON.stringify(acted)), iso(row.replayedAt)].join('\t'));
    } else if (row.status === 'discarded') {
      const at = iso(l.lastFailureAt + 3_600_000);
      const acted = [{ at, action: 'discarded', actor: 'bench-operator' }];
      states.push([row.id, row.status, copyText(JSON.stringify(acted)), at].join('\t'));
    }
    const stack = `${l.errorName}: ${l.errorMessage}\n    at handle (/app/services/${l.consumer.service}/handler.js:42:11)`;
    out.row(
      [
        row.id,
        row.topic,
        l.consumer.group,
        l.consumer.consumer,
        row.entryId,
        row.eventId,
        row.eventType,
        row.correlationId,
        l.category,
        String(l.attempts),
        iso(l.firstFailureAt),
        iso(l.lastFailureAt),
        l.errorName,
        l.errorMessage,
        copyText(stack),
        copyText(
          JSON.stringify({ group: l.consumer.group, consumer: l.consumer.consumer, entryId: row.entryId }),
        ),
        fingerprint(row.topic, l.consumer.group, l.errorName, l.errorMessage),
        l.errorMessage,
        `handle (/app/services/${l.consumer.service}/handler.js)`,
        copyText(JSON.stringify(history)),
        iso(l.lastFailureAt + 50),
      ].join('\t'),
    );
    await out.flush();
  }
  await out.close();
  // after the letters: each state refers to its letter
  const statesOut = await CopyWriter.open(sql, 'dead_letter_states', STATE_COLUMNS);
  for (const line of states) {
    statesOut.row(line);
    await statesOut.flush();
  }
  await statesOut.close();
  const jobRows = [...jobs].map(([id, rows]) => {
    const first = Math.min(...rows.map((r) => r.replayedAt!));
    const last = Math.max(...rows.map((r) => r.replayedAt!));
    return {
      id,
      state: 'completed',
      selection: sql.json({ ids: rows.map((r) => r.id) }),
      target: sql.json({}),
      rate_start: 10,
      rate_max: 100,
      pause_at_failure_rate: 0.5,
      plan: sql.json({ total: rows.length }),
      total: rows.length,
      replayed: rows.length,
      succeeded: rows.length,
      created_by: 'bench-operator',
      created_by_name: 'bench:trace operator',
      created_at: new Date(first - 60_000),
      updated_at: new Date(last),
      started_at: new Date(first - 10),
      finished_at: new Date(last + 100),
    };
  });
  if (jobRows.length > 0) await sql`insert into replay_jobs ${sql(jobRows)}`;
  const jobLetters = [...jobs].flatMap(([jobId, rows]) =>
    rows.map((r, seq) => ({
      job_id: jobId,
      letter_id: r.id,
      seq,
      state: 'succeeded',
      event_id: r.eventId,
      entry_id: `${r.replayedAt}-0`,
      replayed_at: new Date(r.replayedAt!),
      settled_at: new Date(r.replayedAt! + 25),
    })),
  );
  for (let i = 0; i < jobLetters.length; i += 1_000) {
    await sql`insert into replay_job_letters ${sql(jobLetters.slice(i, i + 1_000))}`;
  }
  return jobRows.length;
}

async function dropIndexes(sql: postgres.Sql, tables: readonly string[]): Promise<IndexDef[]> {
  const indexes = await indexesOf(sql, tables);
  for (const index of indexes) await sql.unsafe(index.drop);
  return indexes;
}

/** Builds the dropped indexes again, one table per connection (each build sorts on its own). */
async function rebuildIndexes(sql: postgres.Sql, indexes: readonly IndexDef[]): Promise<void> {
  const tables = [...new Set(indexes.map((i) => i.table))];
  await Promise.all(
    tables.map((table) =>
      sql.begin(async (tx) => {
        await tx.unsafe("set local maintenance_work_mem = '1GB'");
        for (const index of indexes.filter((i) => i.table === table)) await tx.unsafe(index.create);
      }),
    ),
  );
  const [invalid] = await sql<{ n: number }[]>`select count(*)::int as n from pg_index where not indisvalid`;
  if (invalid!.n > 0) throw new Error(`${invalid!.n} indexes are left invalid after the load`);
}
