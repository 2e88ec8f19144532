import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './client';
import { RemotePglite } from './pglite-remote';
import { deadLetters, events, topologyEdges } from './schema';
import { createTestStore } from './testing/test-database';

/** The worker behind a client (private: tests only). */
const workerOf = (remote: RemotePglite) => (remote as unknown as { worker: Worker }).worker;

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

describe('RemotePglite', () => {
  let remote: RemotePglite;
  /** The files of an empty database: the throwaway stores below open from them, without initdb. */
  let empty: Uint8Array;

  beforeAll(async () => {
    remote = await RemotePglite.open('memory://');
    empty = await remote.dump();
    await remote.exec(`
      create table items (id int primary key, name text not null unique, tags text[], doc jsonb, at timestamptz);
      create table probe (n int not null);
    `);
  });
  afterAll(() => remote.close());

  it('runs queries with parameters, in object and array row mode', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const inserted = await remote.query(
      'insert into items (id, name, tags, doc, at) values ($1, $2, $3, $4, $5), ($6, $7, null, null, null)',
      [1, 'one', ['a', 'b'], { deep: { n: 1 } }, at, 2, 'two'],
    );
    expect(inserted.affectedRows).toBe(2);

    const objects = await remote.query<{ id: number; name: string; tags: string[]; doc: unknown; at: Date }>(
      'select id, name, tags, doc, at from items where id = any($1::int[]) order by id',
      [[1, 2]],
    );
    expect(objects.rows).toEqual([
      { id: 1, name: 'one', tags: ['a', 'b'], doc: { deep: { n: 1 } }, at },
      { id: 2, name: 'two', tags: null, doc: null, at: null },
    ]);
    expect(objects.rows[0]!.at).toBeInstanceOf(Date);
    expect(objects.fields.map((f) => f.name)).toEqual(['id', 'name', 'tags', 'doc', 'at']);

    const arrays = await remote.query<unknown[]>('select id, name from items order by id', [], {
      rowMode: 'array',
    });
    expect(arrays.rows).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
  });

  it('applies parsers that return the raw text, and refuses any other', async () => {
    const raw = (value: string) => value;
    const { rows } = await remote.query<{ at: unknown }>(
      "select '2026-01-02 03:04:05+00'::timestamptz as at",
      [],
      {
        parsers: { 1184: raw },
      },
    );
    expect(typeof rows[0]!.at).toBe('string');
    const refused = await failure(remote.query('select 1', [], { parsers: { 23: (v) => Number(v) * 2 } }));
    expect(refused.message).toMatch(/parser for type 23/);
  });

  it('runs several statements with exec', async () => {
    const results = await remote.exec('select 1 as a; select 2 as b');
    expect(results.map((r) => r.rows)).toEqual([[{ a: 1 }], [{ b: 2 }]]);
  });

  it('keeps the SQLSTATE and the other Postgres fields of an error', async () => {
    const error = await failure(remote.query("insert into items (id, name) values (3, 'one')"));
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('23505');
    expect(error.constraint).toBe('items_name_key');
    expect(error.table).toBe('items');
    expect(error.detail).toMatch(/\(name\)=\(one\) already exists/);
    expect(error.message).toMatch(/duplicate key value/);
    // the stack is the caller's, not the worker's
    expect(error.stack?.split('\n')[1]).toMatch(/pglite-remote\.test\.ts/);

    const syntax = await failure(remote.query('selec 1'));
    expect(syntax.code).toBe('42601');
  });

  it('commits a transaction, and a plain query issued meanwhile runs after it', async () => {
    await remote.query('delete from probe');
    const order: string[] = [];
    let outside: Promise<number> | undefined;
    const result = await remote.transaction(async (tx) => {
      await tx.query('insert into probe values (1)');
      outside = remote.query<{ n: number }>('select count(*)::int as n from probe').then((r) => {
        order.push('outside');
        return r.rows[0]!.n;
      });
      await tx.query('select pg_sleep(0.05)');
      await tx.query('insert into probe values (2)');
      const { rows } = await tx.query<{ n: number }>('select count(*)::int as n from probe');
      order.push('transaction');
      return rows[0]!.n;
    });
    expect(result).toBe(2);
    // the outside query saw both committed rows: it ran after the commit, not inside the transaction
    expect(await outside).toBe(2);
    expect(order).toEqual(['transaction', 'outside']);
  });

  it('rolls back a transaction whose work throws, and reports the work error', async () => {
    await remote.query('delete from probe');
    let outside: Promise<number> | undefined;
    const error = await failure(
      remote.transaction(async (tx) => {
        await tx.query('insert into probe values (1)');
        outside = remote
          .query<{ n: number }>('select count(*)::int as n from probe')
          .then((r) => r.rows[0]!.n);
        await tx.query('insert into probe values (2)');
        throw new Error('work failed');
      }),
    );
    expect(error.message).toBe('work failed');
    expect(await outside).toBe(0);
    const { rows } = await remote.query<{ n: number }>('select count(*)::int as n from probe');
    expect(rows[0]!.n).toBe(0);
  });

  it('rolls back on a statement error inside a transaction, and the store serves on', async () => {
    const error = await failure(
      remote.transaction(async (tx) => {
        await tx.query('insert into probe values (7)');
        await tx.query('insert into probe values (null)');
      }),
    );
    expect(error.code).toBe('23502');
    const { rows } = await remote.query<{ n: number }>('select count(*)::int as n from probe where n = 7');
    expect(rows[0]!.n).toBe(0);
  });

  it('closes a transaction for good once it ended', async () => {
    let kept: { query(text: string): Promise<unknown> } | undefined;
    await remote.transaction(async (tx) => {
      kept = tx;
      await tx.query('select 1');
    });
    await expect(kept!.query('select 1')).rejects.toThrow(/Transaction is closed/);
  });

  it('keeps the main thread responsive while a long statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    try {
      const started = Date.now();
      await remote.query('select pg_sleep(0.3)');
      const { rows } = await remote.query<{ n: string }>(
        'select sum(i)::text as n from generate_series(1, 3000000) as s(i)',
      );
      expect(rows[0]!.n).toBe('4500001500000');
      const elapsed = Date.now() - started;
      // a blocked thread would see at most a tick or two; allow a slow, busy machine a wide margin
      expect(ticks).toBeGreaterThan(Math.min(10, elapsed / 50));
    } finally {
      clearInterval(timer);
    }
  });

  it('opens a copy of another store from its dump: its tables and rows, and its own from then on', async () => {
    const source = await RemotePglite.open('memory://', empty);
    await source.exec('create table copied (n int); insert into copied values (7)');
    const copy = await RemotePglite.open('memory://', await source.dump());
    try {
      await copy.exec('insert into copied values (8)');
      expect((await copy.query('select n from copied order by n')).rows).toEqual([{ n: 7 }, { n: 8 }]);
      expect((await source.query('select n from copied')).rows).toEqual([{ n: 7 }]);
    } finally {
      await Promise.all([source.close(), copy.close()]);
    }
  });

  it('ends the worker on close, and rejects later calls', async () => {
    const own = await RemotePglite.open('memory://', empty);
    const worker = workerOf(own);
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    await own.query('select 1');
    await own.close();
    await exited;
    expect(own.closed).toBe(true);
    await expect(own.query('select 1')).rejects.toThrow(/closed/);
    await expect(own.transaction(async () => {})).rejects.toThrow(/closed/);
    await own.close(); // idempotent
  });

  it('rejects pending calls when the worker dies, then fails fast', async () => {
    const own = await RemotePglite.open('memory://', empty);
    const pending = own.query('select pg_sleep(5)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await workerOf(own).terminate();
    const error = await failure(pending);
    expect(error.message).toMatch(/PGlite worker exited/);
    expect(error.code).toBeUndefined(); // not a SQLSTATE: callers treat it as the store being away
    await expect(own.query('select 1')).rejects.toThrow(/PGlite worker exited/);
    await own.close();
  });

  it('starts a dead worker again on the same data directory, keeping what was committed', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'eventlens-pglite-restart-')), 'store');
    // filled from a dump: the restart opens the files on disk, not the dump again
    const own = await RemotePglite.open(dir, empty);
    try {
      await own.exec('create table kept (n int); insert into kept values (42)');
      const first = workerOf(own);
      await first.terminate();
      await expect(own.query('select 1')).rejects.toThrow(/PGlite worker exited/);
      const deadline = Date.now() + 15_000;
      while (own.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(own.closed).toBe(false);
      expect(workerOf(own)).not.toBe(first);
      const { rows } = await own.query<{ n: number }>('select n from kept');
      expect(rows).toEqual([{ n: 42 }]);
    } finally {
      await own.close();
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  it('does not start a worker again after close()', async () => {
    const own = await RemotePglite.open('memory://', empty);
    await own.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(own.closed).toBe(true);
    await expect(own.query('select 1')).rejects.toThrow(/closed/);
  });
});

describe('Drizzle over RemotePglite', () => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore('pglite'));
  });
  afterAll(() => cleanup());

  it('selects and inserts through the schema: timestamps as Date, jsonb as objects', async () => {
    const time = new Date('2026-02-03T04:05:06.789Z');
    await store.db.insert(events).values({
      source: 'test',
      eventId: 'e1',
      time,
      topic: 'orders',
      stream: 'el:orders',
      entryId: '1-0',
      type: 'order.placed',
      data: { total: 12.5, items: [{ sku: 'a' }] },
      rawFields: { event: '{}' },
    });
    const [row] = await store.db.select().from(events).where(eq(events.eventId, 'e1'));
    expect(row?.time).toBeInstanceOf(Date);
    expect(row?.time.toISOString()).toBe(time.toISOString());
    expect(row?.recordedAt).toBeInstanceOf(Date);
    expect(row?.data).toEqual({ total: 12.5, items: [{ sku: 'a' }] });
    expect(row?.rawFields).toEqual({ event: '{}' });
    expect(row?.foreign).toBe(false);

    const [partial] = await store.db
      .select({ id: events.eventId, at: events.time, total: sql<number>`(${events.data}->>'total')::float8` })
      .from(events)
      .where(eq(events.source, 'test'));
    expect(partial).toEqual({ id: 'e1', at: time, total: 12.5 });
  });

  it('round-trips arrays and runs relational queries', async () => {
    const lastSeenAt = new Date('2026-02-03T00:00:00Z');
    await store.db.insert(topologyEdges).values({
      kind: 'publishes',
      from: 'svc-a',
      to: 'orders',
      events: 3,
      latencyBuckets: [1, 2, 3],
      lastSeenAt,
    });
    const found = await store.db.query.topologyEdges.findFirst({ where: eq(topologyEdges.from, 'svc-a') });
    expect(found).toMatchObject({ events: 3, latencyBuckets: [1, 2, 3], lastSeenAt });
  });

  it('commits and rolls back Drizzle transactions', async () => {
    const base = {
      category: 'poison' as const,
      topic: 'orders',
      group: 'g',
      consumer: 'c',
      entryId: '1-0',
      attempts: 1,
      firstFailureAt: new Date(),
      lastFailureAt: new Date(),
      errorName: 'Error',
      errorMessage: 'boom',
      errorStack: '',
      raw: { event: '{}' },
    };
    await store.db.transaction(async (tx) => {
      await tx.insert(deadLetters).values({ ...base, id: 'dl-1' });
    });
    await expect(
      store.db.transaction(async (tx) => {
        await tx.insert(deadLetters).values({ ...base, id: 'dl-2' });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const rows = await store.db.select().from(deadLetters);
    expect(rows.map((r) => r.id)).toEqual(['dl-1']);
    expect(rows[0]).toMatchObject({ raw: { event: '{}' }, history: [] });
    expect(rows[0]!.firstFailureAt).toBeInstanceOf(Date);
  });

  it('surfaces the SQLSTATE through Drizzle', async () => {
    const error = await failure(
      store.db.insert(events).values({
        source: 'test',
        eventId: 'e1',
        time: new Date('2026-02-03T04:05:06.789Z'),
        topic: 'orders',
        stream: 'el:orders',
        entryId: '1-0',
        type: 'order.placed',
      }),
    );
    const cause = (error.cause ?? error) as Record<string, unknown>;
    expect(cause.code).toBe('23505');
    expect(cause.constraint).toMatch(/pk/);
  });
});
