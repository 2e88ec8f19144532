/**
 * The recorder's raw SQL path, one surface over both drivers: postgres.js on Postgres (measured: a
 * multi-row insert through Drizzle's builder runs at 0.4x of postgres.js) and the PGlite worker's client.
 * Every statement takes text[] parameters only, cast in SQL, so both drivers serialize them the same
 * way and one prepared statement serves every batch size.
 */
import type postgres from 'postgres';
import type { Store, StoreKind } from '@/db/client';
import type { RemoteQueryable } from '@/db/pglite-wire';

export interface SqlSession {
  query<T extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * `COPY ... FROM STDIN` of `data` (text format), on Postgres only (null on PGlite, where it measured
   * slower than a multi-row insert). It resolves once the data is sent: postgres.js does not report a
   * COPY that fails after its end, so a failure surfaces as 25P02 on the transaction's next statement.
   */
  copyIn: ((statement: string, data: string) => Promise<void>) | null;
}

export interface SqlStore extends SqlSession {
  kind: StoreKind;
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Runs `work` on one dedicated connection (session state such as advisory locks stays with it). */
  session<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Lets the event loop run between statements. A no-op on both stores now: postgres.js and the PGlite
   * worker (db/pglite-remote.ts) answer in a later macrotask, so timers and sockets run meanwhile.
   */
  pause(): Promise<void>;
}

export function sqlStore(store: Store): SqlStore {
  if (store.pg) {
    const pg = store.pg;
    const session = (
      run: (text: string, params: unknown[]) => Promise<unknown>,
      client: postgres.Sql | postgres.TransactionSql | null = null,
    ): SqlSession => ({
      query: async <T extends object>(text: string, params: readonly unknown[] = []) =>
        (await run(text, [...params])) as T[],
      copyIn: client ? (statement, data) => copyIn(client, statement, data) : null,
    });
    return {
      kind: 'postgres',
      ...session((text, params) => pg.unsafe(text, params as never[], { prepare: true })),
      transaction: async <T>(work: (tx: SqlSession) => Promise<T>) =>
        (await pg.begin((tx) =>
          work(session((text, params) => tx.unsafe(text, params as never[], { prepare: true }), tx)),
        )) as T,
      session: async <T>(work: (s: SqlSession) => Promise<T>) => {
        const reserved = await pg.reserve();
        try {
          return await work(
            session((text, params) => reserved.unsafe(text, params as never[], { prepare: true })),
          );
        } finally {
          reserved.release();
        }
      },
      pause: () => Promise.resolve(),
    };
  }
  const lite = store.pglite;
  if (!lite) throw new Error('store has neither a Postgres nor a PGlite client');
  const liteSession = (client: RemoteQueryable): SqlSession => ({
    query: async <T extends object>(text: string, params: readonly unknown[] = []) =>
      (await client.query<T>(text, params)).rows,
    copyIn: null,
  });
  return {
    kind: 'pglite',
    ...liteSession(lite),
    transaction: (work) => lite.transaction((tx) => work(liteSession(tx))),
    // one database, one connection: session state stays with it anyway
    session: (work) => work(liteSession(lite)),
    pause: () => Promise.resolve(),
  };
}

async function copyIn(
  client: postgres.Sql | postgres.TransactionSql,
  statement: string,
  data: string,
): Promise<void> {
  const writable = await client.unsafe(statement).writable();
  await new Promise<void>((resolve, reject) => {
    writable.once('error', reject);
    writable.write(data, (error) => (error ? reject(error) : resolve()));
  });
  writable.end();
  // postgres.js leaves COPY mode in the stream's final step: let it run before the next statement
  await new Promise((resolve) => setImmediate(resolve));
}

/** A Postgres error class (SQLSTATE), or null for connection-level errors. */
export function sqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * Errors caused by the rows themselves (bad data, constraint, size limits): retrying the same batch
 * cannot help, isolating the row can. Everything else (connection lost, deadlock, shutdown) is transient.
 */
export function isRowError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== null && /^(22|23|54)/.test(state);
}
