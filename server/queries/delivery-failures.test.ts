import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { deliveries, deliveryConsumers, events } from '@/db/schema';
import { STORE_FLAVOURS } from '@/db/testing/test-database';
import { useTestStore } from '@/db/testing/use-test-store';
import { EventsQuery } from '@/server/contracts/events';
import { eventRow } from '@/server/testing/store-rows';
import { topDeliveryFailures } from './delivery-failures';
import { searchEvents } from './events';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000);
const UUID = (i: number) => `0b6f3c1e-1d2a-4c5b-9e8f-${String(i).padStart(12, '0')}`;

/** Failures of two groups over the last hour and a half, with the events they were deliveries of. */
async function seedFailures(db: Db): Promise<void> {
  const [billing, ledger] = await db
    .insert(deliveryConsumers)
    .values([
      { topic: 'orders', group: 'billing', consumer: 'c1', service: 'billing-svc' },
      { topic: 'payments', group: 'ledger', consumer: 'c1', service: 'ledger-svc' },
    ])
    .returning({ id: deliveryConsumers.id });
  const rows: (typeof deliveries.$inferInsert)[] = [];
  const add = (
    consumerId: number,
    i: number,
    outcome: (typeof deliveries.$inferInsert)['outcome'],
    error: string | null,
    at: Date,
  ) => rows.push({ consumerId, entryId: `${i}-0`, eventId: `evt-${i}`, outcome, attempt: 1, error, at });
  // billing: 6 retried timeouts, each naming its own order and duration; 3 failed card declines
  for (let i = 0; i < 6; i++) {
    add(billing!.id, i, 'retried', `timeout after ${100 + i} ms charging order ${UUID(i)}`, ago(5 + i));
  }
  for (let i = 6; i < 9; i++) add(billing!.id, i, 'failed', `card declined (code ${i})`, ago(2));
  // the same declines, but retried: another outcome, another line
  add(billing!.id, 9, 'retried', 'card declined (code 51)', ago(1));
  // not failures, or too old, or another group
  add(billing!.id, 10, 'handled', null, ago(1));
  add(billing!.id, 11, 'dead-lettered', 'card declined (code 1)', ago(1));
  add(billing!.id, 12, 'failed', 'card declined (code 2)', ago(90));
  add(ledger!.id, 13, 'failed', 'ledger API returned 503', ago(3));
  add(ledger!.id, 14, 'failed', null, ago(3));
  await db.insert(deliveries).values(rows);
  await db
    .insert(events)
    .values(
      Array.from({ length: 15 }, (_, i) =>
        eventRow({ eventId: `evt-${i}`, topic: i >= 13 ? 'payments' : 'orders', time: ago(10) }),
      ),
    );
}

describe.each(STORE_FLAVOURS)('top delivery failures on %s', (flavour) => {
  const store = useTestStore(flavour, 'delivery-failures', seedFailures);

  it("groups a group's failed and retried deliveries of the last hour by normalised error", async () => {
    const result = await topDeliveryFailures(store.db, { topics: ['orders'], groups: ['billing'] }, 5, NOW);
    expect(result.groups).toEqual([
      {
        topic: 'orders',
        group: 'billing',
        outcome: 'retried',
        pattern: 'timeout after <n> ms charging order <uuid>',
        search: 'ms charging order',
        count: 6,
        lastSeen: ago(5).toISOString(),
      },
      expect.objectContaining({ outcome: 'failed', pattern: 'card declined (code <n>)', count: 3 }),
      expect.objectContaining({ outcome: 'retried', pattern: 'card declined (code <n>)', count: 1 }),
    ]);
    expect(result.groups[1]!.search).toBe('card declined (code');
    expect(result).toMatchObject({
      total: 10,
      partial: false,
      from: ago(60).toISOString(),
      to: ago(0).toISOString(),
    });
  });

  it('scopes by topic and group, keeps deliveries without error text, and caps the groups', async () => {
    const ledger = await topDeliveryFailures(store.db, { groups: ['ledger'] }, 5, NOW);
    expect(ledger.groups.map((g) => [g.pattern, g.search, g.count])).toEqual([
      ['', '', 1],
      ['ledger API returned <n>', 'ledger API returned', 1],
    ]);
    const everyone = await topDeliveryFailures(store.db, {}, 2, NOW);
    expect(everyone.groups).toHaveLength(2);
    expect(everyone.total).toBe(12);
    const none = await topDeliveryFailures(store.db, { topics: ['nowhere'] }, 5, NOW);
    expect(none).toMatchObject({ groups: [], total: 0, partial: false });
  });

  it("finds a group's events in History by its topic, group, outcome and search text", async () => {
    const [top] = (await topDeliveryFailures(store.db, { groups: ['billing'] }, 1, NOW)).groups;
    const page = await searchEvents(
      store.db,
      EventsQuery.parse({
        topic: top!.topic,
        group: top!.group,
        outcome: top!.outcome,
        error: top!.search,
        limit: '50',
      }),
    );
    expect(page.items.map((item) => item.id).sort()).toEqual(
      ['evt-0', 'evt-1', 'evt-2', 'evt-3', 'evt-4', 'evt-5'].sort(),
    );
  });
});
