import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../client';
import { createTestStore, type StoreFlavour } from './test-database';

/**
 * A migrated store of `flavour` for the calling describe block: created and seeded before its tests,
 * closed and dropped after them. Read `db` inside hooks and tests, never while the block is declared.
 */
export function useTestStore(
  flavour: StoreFlavour,
  label: string,
  seed?: (db: Db) => Promise<unknown>,
): { readonly db: Db } {
  let created: Awaited<ReturnType<typeof createTestStore>> | undefined;
  beforeAll(async () => {
    created = await createTestStore(flavour, label);
    await seed?.(created.store.db);
  });
  afterAll(() => created?.cleanup());
  return {
    get db() {
      if (!created) throw new Error(`the ${label} test store exists only once its beforeAll has run`);
      return created.store.db;
    },
  };
}
