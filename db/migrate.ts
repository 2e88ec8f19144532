import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Store } from './client';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** Arbitrary but fixed: serialises migrations between processes sharing one Postgres. */
const MIGRATION_LOCK_ID = 727_001;

/**
 * Applies the committed migrations; a no-op when they are already applied. On Postgres it holds an
 * advisory lock on a dedicated connection so a server and recorders starting together cannot race.
 */
export async function migrateStore(store: Store, url?: string): Promise<void> {
  if (store.kind === 'pglite') {
    if (!store.pglite) throw new Error('PGlite store without its client');
    // the worker's client has the part of PGlite's API drizzle-orm/pglite uses (see db/pglite-remote.ts)
    const db = drizzlePglite({ client: store.pglite as unknown as PGlite });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  if (!url) throw new Error('migrating Postgres needs its URL');
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await client.end({ timeout: 2 });
  }
}
