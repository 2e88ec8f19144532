import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { RemotePglite } from './pglite-remote';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both drivers' databases share this surface; queries are written against it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type StoreKind = 'postgres' | 'pglite';

export interface Store {
  db: Db;
  kind: StoreKind;
  /** The raw postgres.js client for the hot ingest path (COPY, multi-row insert); null on PGlite. */
  pg: postgres.Sql | null;
  /** The embedded database, which runs in a worker thread (see pglite-remote.ts); null on Postgres. */
  pglite: RemotePglite | null;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; `memory://` for a throwaway database. */
  pgliteDir?: string;
  /** A `RemotePglite.dump()` a new PGlite directory starts as (tests: a migrated template). */
  pgliteFrom?: Uint8Array;
  /** Connection pool size for Postgres. */
  max?: number;
}

/** The one place EventLens opens its store. */
export async function createStore(options: StoreOptions): Promise<Store> {
  if (options.url) return createPostgresStore(options.url, options.max ?? 10);
  return createPgliteStore(options.pgliteDir ?? 'memory://', options.pgliteFrom);
}

/**
 * Session settings of every store connection. JIT off: the console's statements are short and bounded,
 * their cost estimates still cross jit_above_cost (lateral joins, tables not yet analyzed), and JIT then
 * compiles for far longer than they run.
 */
export const STORE_SESSION = { jit: 'off' } as const;

function createPostgresStore(url: string, max: number): Store {
  const client = postgres(url, {
    max,
    connect_timeout: 3,
    idle_timeout: 30,
    connection: STORE_SESSION,
    onnotice: () => {
      // CREATE ... IF NOT EXISTS notices are expected during migrations
    },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    pg: client,
    pglite: null,
    close: () => client.end({ timeout: 2 }),
  };
}

async function createPgliteStore(dir: string, from: Uint8Array | undefined): Promise<Store> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = await RemotePglite.open(dir, from);
  // drizzle-orm/pglite calls only client.query(text, params, {rowMode, parsers}) and client.transaction(fn)
  const db = drizzlePglite({ client: client as unknown as PGlite, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pg: null,
    pglite: client,
    close: () => client.close(),
  };
}
