import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import {
  deadLetters,
  deliveries,
  deliveryConsumers,
  events,
  metricRollups,
  retentionPolicies,
  sagaInstances,
  sagaSteps,
  type DeadLetterHistoryEntry,
  type DeadLetterStatus,
} from '@/db/schema';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { setLetterState } from '@/server/testing/letter-states';
import { count, sql } from '@/server/testing/recorder';
import { deadLetterRow } from '@/server/testing/store-rows';
import { fingerprintFailure } from '@/server/bus/fingerprint';
import { DEFAULT_MAINTENANCE, partitionDay, partitionName, runMaintenance } from './maintenance';
import { sqlStore } from './sql-session';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const today = NOW - (NOW % DAY);

describe.each(STORE_FLAVOURS)('maintenance on %s', (flavour) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore(flavour, 'maintenance'));
  });
  afterAll(() => cleanup());

  const event = (type: string, atMs: number, n: number) => ({
    source: 'test',
    eventId: `${type}-${atMs}-${n}`,
    time: new Date(atMs),
    topic: 'orders',
    stream: 'el:{orders}:stream',
    entryId: `${atMs}-${n}`,
    type,
  });
  const partitions = async () =>
    (
      await sql<{ name: string }>(
        store,
        `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
         where i.inhparent = 'events'::regclass order by 1`,
      )
    ).map((r) => r.name);

  it('names partitions by UTC day', () => {
    expect(partitionName(today)).toBe('events_p20260615');
    expect(partitionDay('events_p20260615')).toBe(today);
    expect(partitionDay('events_default')).toBeNull();
  });

  it('creates daily partitions ahead, skipping a day whose rows already sit in the default partition', async () => {
    // recorded before any partition existed: lands in the default partition
    await store.db.insert(events).values(event('order.placed', today + 2 * DAY + 5_000, 1));
    const report = await runMaintenance(sqlStore(store), DEFAULT_MAINTENANCE, NOW);
    expect(report.ran).toBe(true);
    expect(report.created).toEqual([partitionName(today), partitionName(today + DAY)]);
    expect(report.skipped).toEqual([
      { partition: partitionName(today + 2 * DAY), reason: expect.stringMatching(/default partition/) },
    ]);
    expect(await partitions()).toEqual(['events_default', partitionName(today), partitionName(today + DAY)]);

    // idempotent; rows of today now go to today's partition
    const again = await runMaintenance(sqlStore(store), DEFAULT_MAINTENANCE, NOW);
    expect(again.created).toEqual([]);
    await store.db.insert(events).values(event('order.placed', today + 1_000, 2));
    const [row] = await sql<{ part: string }>(
      store,
      `select tableoid::regclass::text as part from events where event_id = $1`,
      ['order.placed-' + String(today + 1_000) + '-2'],
    );
    expect(row?.part).toBe(partitionName(today));
  });

  it('enforces retention: drops old partitions, deletes short-lived types and old default rows, prunes deliveries and rollups', async () => {
    const lite = sqlStore(store);
    await store.db.insert(retentionPolicies).values([
      { type: '*', days: 7 },
      { type: 'debug.noise', days: 1 },
      { type: 'audit.kept', days: 30 },
    ]);
    // a partition 40 days back (older than the longest retention, 30 days)
    await runMaintenance(lite, { ...DEFAULT_MAINTENANCE, partitionsAhead: 0 }, NOW - 40 * DAY);
    const old = partitionName(today - 40 * DAY);
    expect(await partitions()).toContain(old);
    await store.db.insert(events).values([
      event('audit.kept', NOW - 40 * DAY, 1), // in the old partition
      event('order.placed', NOW - 10 * DAY, 2), // default partition, older than `*`
      event('audit.kept', NOW - 10 * DAY, 3), // kept 30 days
      event('audit.kept', NOW - 35 * DAY, 4), // default partition, older than the longest retention
      event('debug.noise', NOW - 2 * DAY, 5),
      event('debug.noise', NOW - 3_600_000, 6),
      event('order.placed', NOW - 3_600_000, 7),
    ]);
    const [consumer] = await store.db
      .insert(deliveryConsumers)
      .values({ topic: 'orders', group: 'g', consumer: 'c', service: 's' })
      .returning({ id: deliveryConsumers.id });
    const delivery = (atMs: number, n: number) => ({
      consumerId: consumer!.id,
      entryId: `${n}-0`,
      outcome: 'handled' as const,
      attempt: 1,
      at: new Date(atMs),
    });
    await store.db.insert(deliveries).values([delivery(NOW - 8 * DAY, 1), delivery(NOW - DAY, 2)]);
    const rollup = (resolution: '10s' | '1m', atMs: number) => ({
      resolution,
      scope: 'topic' as const,
      key: 'orders',
      bucketStart: new Date(atMs),
      count: 1,
    });
    await store.db
      .insert(metricRollups)
      .values([
        rollup('10s', NOW - 2 * DAY),
        rollup('10s', NOW - 3_600_000),
        rollup('1m', NOW - 2 * DAY),
        rollup('1m', NOW - 31 * DAY),
      ]);

    const report = await runMaintenance(lite, { ...DEFAULT_MAINTENANCE, deleteBatch: 1 }, NOW);
    expect(report.dropped).toEqual([old]);
    expect(await partitions()).not.toContain(old);
    const left = await sql<{ event_id: string }>(store, 'select event_id from events');
    expect(left.map((r) => r.event_id).sort()).toEqual(
      [
        `audit.kept-${NOW - 10 * DAY}-3`,
        `debug.noise-${NOW - 3_600_000}-6`,
        `order.placed-${NOW - 3_600_000}-7`,
        `order.placed-${today + 1_000}-2`,
        `order.placed-${today + 2 * DAY + 5_000}-1`,
      ].sort(),
    );
    expect(report.deleted).toEqual({
      events: 3,
      deliveries: 1,
      rollups: 2,
      deadLetters: 0,
      previews: 0,
      sagas: 0,
    });
    expect(await count(store, 'select count(*) as n from deliveries')).toBe(1);
    const rollups = await sql<{ resolution: string; n: number }>(
      store,
      'select resolution, count(*)::int as n from metric_rollups group by 1 order by 1',
    );
    expect(rollups).toEqual([
      { resolution: '10s', n: 1 },
      { resolution: '1m', n: 1 },
    ]);
    // the embedded store has no autovacuum: maintenance vacuums what it deleted from, and the counters
    const vacuumed = await sql<{ relname: string }>(
      store,
      `select relname from pg_stat_user_tables where vacuum_count > 0
       and relname in ('deliveries', 'metric_rollups', 'topology_edges') order by 1`,
    );
    expect(vacuumed.map((r) => r.relname)).toEqual(
      flavour === 'pglite' ? ['deliveries', 'metric_rollups', 'topology_edges'] : [],
    );
  });

  it('fills in fingerprints of dead letters recorded without one, in batches', async () => {
    const letter = (n: number) =>
      deadLetterRow({
        id: `orders/${n}-0`,
        topic: 'orders',
        group: 'billing',
        errorName: 'NotFound',
        errorMessage: `order ${n} not found`,
      });
    await store.db.insert(deadLetters).values([letter(1), letter(2), letter(3)]);
    const report = await runMaintenance(sqlStore(store), { ...DEFAULT_MAINTENANCE, deleteBatch: 2 }, NOW);
    expect(report.fingerprinted).toBe(3);
    const rows = await sql<{ fingerprint: string; pattern: string }>(
      store,
      'select distinct fingerprint, pattern from dead_letters',
    );
    const expected = fingerprintFailure({ ...letter(9), errorStack: '' });
    expect(rows).toEqual([{ fingerprint: expected.fingerprint, pattern: 'order <n> not found' }]);
  });

  it('removes handled dead letters after their retention, keeps pending ones however old', async () => {
    await sql(store, 'delete from dead_letters');
    const old = new Date(NOW - 30 * DAY);
    const recorded = [{ at: old.toISOString(), action: 'recorded' as const, actor: 'recorder' }];
    const letter = (n: number) =>
      deadLetterRow({
        id: `orders/${n}-0`,
        topic: 'orders',
        group: 'g',
        lastFailureAt: old,
        history: recorded,
      });
    await store.db.insert(deadLetters).values([1, 2, 3, 4, 5].map(letter));
    // retention counts from the state's last change (changed_at), the time of the operator's last action
    const act = (
      n: number,
      status: DeadLetterStatus,
      action: DeadLetterHistoryEntry['action'],
      daysAgo: number,
    ) => {
      const at = new Date(NOW - daysAgo * DAY);
      return setLetterState(
        store.db,
        `orders/${n}-0`,
        status,
        [{ at: at.toISOString(), action, actor: 'ops' }],
        at,
      );
    };
    await act(2, 'replayed', 'replayed', 20);
    await act(3, 'discarded', 'discarded', 15);
    // failed long ago, replayed yesterday: kept, its last action is recent
    await act(4, 'replayed', 'replayed', 1);
    // a replay of it failed long ago: still pending, kept however old
    await act(5, 'pending', 'replay-failed', 20);
    const report = await runMaintenance(sqlStore(store), { ...DEFAULT_MAINTENANCE, deleteBatch: 1 }, NOW);
    expect(report.deleted.deadLetters).toBe(2);
    const left = await sql<{ id: string }>(store, 'select id from dead_letters order by id');
    expect(left.map((r) => r.id)).toEqual(['orders/1-0', 'orders/4-0', 'orders/5-0']);
    // the removed letters' states went with them
    const states = await sql<{ letter_id: string }>(
      store,
      'select letter_id from dead_letter_states order by 1',
    );
    expect(states.map((r) => r.letter_id)).toEqual(['orders/4-0', 'orders/5-0']);
  });

  it('removes ended sagas and their steps after their retention, keeps unfinished ones however old', async () => {
    const saga = (sagaId: string, status: string, daysAgo: number) => ({
      sagaId,
      definitionName: 'checkout',
      definitionVersion: 1,
      kind: 'orchestrated' as const,
      status: status as 'completed',
      startedAt: new Date(NOW - 40 * DAY),
      updatedAt: new Date(NOW - daysAgo * DAY),
      lastSeq: 3,
    });
    await store.db.insert(sagaInstances).values([
      saga('done-old', 'completed', 20),
      saga('undone-old', 'compensated', 15),
      saga('aborted-old', 'aborted', 30),
      saga('done-recent', 'completed', 2),
      // an operator's queue is never trimmed
      saga('stuck-old', 'stuck', 30),
      saga('running-old', 'running', 30),
    ]);
    const step = (sagaId: string) => ({
      sagaId,
      stepIndex: 0,
      phase: 'step' as const,
      attempt: 1,
      name: 'reserve',
      status: 'completed' as const,
      lastSeq: 2,
    });
    await store.db
      .insert(sagaSteps)
      .values(['done-old', 'undone-old', 'done-recent', 'stuck-old'].map((id) => step(id)));

    const report = await runMaintenance(sqlStore(store), { ...DEFAULT_MAINTENANCE, deleteBatch: 2 }, NOW);
    expect(report.deleted.sagas).toBe(3);
    const instances = await sql<{ id: string }>(store, 'select saga_id as id from saga_instances order by 1');
    expect(instances.map((r) => r.id)).toEqual(['done-recent', 'running-old', 'stuck-old']);
    const steps = await sql<{ id: string }>(store, 'select saga_id as id from saga_steps order by 1');
    expect(steps.map((r) => r.id)).toEqual(['done-recent', 'stuck-old']);
  });
});
