import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createStore, type Store } from '../client';
import { migrateStore } from '../migrate';

/** The server tests create their databases on; override with TEST_DATABASE_ADMIN_URL. */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty Postgres database for one test file; `drop()` removes it (and its connections). */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `el_${label.replace(/\W/g, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const dropper = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export type StoreFlavour = 'postgres' | 'pglite';

/**
 * A migrated, empty PGlite store's files, made once per test process: a PGlite store opened from them
 * skips initdb, most of the cost of a new embedded store.
 */
let pgliteTemplate: Promise<Uint8Array> | undefined;

function migratedPglite(): Promise<Uint8Array> {
  if (!pgliteTemplate) {
    pgliteTemplate = (async () => {
      const store = await createStore({ pgliteDir: 'memory://' });
      try {
        await migrateStore(store);
        if (!store.pglite) throw new Error('a PGlite store without its client');
        return await store.pglite.dump();
      } finally {
        await store.close();
      }
    })();
    // a template that failed is made again by the next store, not handed to every later one as a failure
    pgliteTemplate.catch(() => {
      pgliteTemplate = undefined;
    });
  }
  return pgliteTemplate;
}

export const STORE_FLAVOURS: StoreFlavour[] = ['postgres', 'pglite'];

/** A migrated store of either kind, isolated to the caller; `cleanup()` closes and drops it. */
export async function createTestStore(
  flavour: StoreFlavour,
  label?: string,
): Promise<{ store: Store; url?: string; cleanup(): Promise<void> }> {
  if (flavour === 'pglite') {
    const store = await createStore({ pgliteDir: 'memory://', pgliteFrom: await migratedPglite() });
    // a no-op on the template's files; it keeps a store that missed a migration from passing unseen
    await migrateStore(store);
    return { store, cleanup: () => store.close() };
  }
  const database = await createTestDatabase(label);
  // six: a test may hold four connections in payload downloads and still authenticate its next call
  const store = await createStore({ url: database.url, max: 6 });
  await migrateStore(store, database.url);
  return {
    store,
    url: database.url,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
}
