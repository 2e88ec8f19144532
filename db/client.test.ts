import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './client';
import { migrateStore } from './migrate';
import { instances } from './schema';
import { selectRows } from './select-rows';
import { createTestStore, STORE_FLAVOURS } from './testing/test-database';

describe.each(STORE_FLAVOURS)('store on %s', (flavour) => {
  let store: Store;
  let url: string | undefined;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, url, cleanup } = await createTestStore(flavour, 'client'));
  });
  afterAll(() => cleanup());

  it('reports its kind', () => {
    expect(store.kind).toBe(flavour);
  });

  it('applies migrations idempotently', async () => {
    await migrateStore(store, url);
    await migrateStore(store, url);
    const rows = await store.db.select().from(instances);
    expect(rows).toEqual([]);
  });

  it('serialises concurrent migrations', async () => {
    await Promise.all([migrateStore(store, url), migrateStore(store, url), migrateStore(store, url)]);
    const rows = await store.db.select().from(instances);
    expect(rows).toEqual([]);
  });

  it('round-trips a row through the schema', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    await store.db.insert(instances).values({
      id: 'server:test:1',
      role: 'server',
      host: 'test',
      pid: 1,
      version: '0.0.0',
      startedAt: now,
      seenAt: now,
    });
    const [row] = await store.db.select().from(instances).where(eq(instances.id, 'server:test:1'));
    expect(row?.startedAt.toISOString()).toBe(now.toISOString());
  });

  // PGlite has no JIT to turn off
  it.runIf(flavour === 'postgres')('runs every statement without JIT compilation', async () => {
    const rows = await Promise.all(
      Array.from({ length: 3 }, () => selectRows<{ jit: string }>(store.db, sql`show jit`)),
    );
    expect(rows.map(([row]) => row?.jit)).toEqual(['off', 'off', 'off']);
  });
});
