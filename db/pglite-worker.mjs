// @ts-check
/**
 * The embedded store's thread: PGlite (Postgres compiled to WASM) runs here, so a long statement never
 * blocks the server's event loop. `db/pglite-remote.ts` starts it and is its only client; see there for
 * the message protocol. Plain JavaScript so that it loads in every context without a TypeScript loader.
 *
 * Each request is answered on its own (PGlite's locks order them): a query outside a transaction waits
 * for the open one, as it does in-process. A transaction is one `PGlite.transaction()` held open until
 * the client sends commit or rollback.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * @typedef {import('@electric-sql/pglite').Transaction} Transaction
 * @typedef {import('@electric-sql/pglite').QueryOptions} QueryOptions
 * @typedef {{ rowMode?: 'object' | 'array', paramTypes?: number[], identityParsers?: number[] }} WireQueryOptions
 * @typedef {{ id: number, op: 'query', text: string, params?: unknown[], options?: WireQueryOptions, tx?: number }
 *   | { id: number, op: 'exec', text: string, tx?: number }
 *   | { id: number, op: 'begin' }
 *   | { id: number, op: 'commit' | 'rollback', tx: number }
 *   | { id: number, op: 'dump' }
 *   | { id: number, op: 'close' }} Request
 * @typedef {{ tx: Transaction, finish: () => void, abort: (reason: unknown) => void, done: Promise<unknown> }} OpenTransaction
 */

const port = parentPort;
if (!port) throw new Error('db/pglite-worker.mjs runs as a worker thread (see db/pglite-remote.ts)');

/** @type {{ dataDir: string, from?: Uint8Array }} */
const { dataDir, from } = workerData;

/** Rejection reason of a transaction the client rolled back (not an error to report). */
const ROLLBACK = Symbol('rollback');
/** Error properties that are not worth sending back: the (possibly huge) params, the options' functions. */
const OMIT = new Set(['params', 'queryOptions', 'stack']);

/** @type {Map<number, OpenTransaction>} */
const transactions = new Map();
let lastTransaction = 0;
/** @type {Map<string, Record<number, (value: string) => string>>} */
const identityParsers = new Map();

/** @param {string} value */
const identity = (value) => value;

/** Parsers that return the raw text for these type oids (what drizzle-orm asks for its date and interval columns). */
function parsersFor(/** @type {number[]} */ oids) {
  const key = oids.join(',');
  let parsers = identityParsers.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(oids.map((oid) => [oid, identity]));
    identityParsers.set(key, parsers);
  }
  return parsers;
}

/** @param {WireQueryOptions | undefined} wire */
function queryOptions(wire) {
  if (!wire) return undefined;
  /** @type {QueryOptions} */
  const options = {};
  if (wire.rowMode) options.rowMode = wire.rowMode;
  if (wire.paramTypes) options.paramTypes = wire.paramTypes;
  if (wire.identityParsers && wire.identityParsers.length > 0)
    options.parsers = parsersFor(wire.identityParsers);
  return options;
}

/** @param {number | undefined} id */
function openTransaction(id) {
  const open = id === undefined ? undefined : transactions.get(id);
  if (!open) throw new Error('Transaction is closed');
  return open;
}

/** Results without what cannot or need not cross the thread boundary. */
function plainResults(/** @type {import('@electric-sql/pglite').Results} */ results) {
  return { rows: results.rows, fields: results.fields, affectedRows: results.affectedRows };
}

/** Opens a transaction and resolves with its id once BEGIN ran (the transaction lock is then held). */
function begin(/** @type {PGlite} */ pg) {
  const id = ++lastTransaction;
  return new Promise((resolve, reject) => {
    /** @type {Promise<unknown>} */
    const done = pg.transaction(
      (tx) =>
        // runs after BEGIN, asynchronously: `done` is assigned by then
        new Promise((finish, abort) => {
          transactions.set(id, { tx, finish: () => finish(undefined), abort, done });
          resolve(id);
        }),
    );
    done.catch((error) => {
      transactions.delete(id);
      reject(error); // a no-op once begun: commit or rollback reports the outcome
    });
  });
}

/** @param {PGlite} pg @param {Request} request */
async function handle(pg, request) {
  switch (request.op) {
    case 'query': {
      const client = request.tx === undefined ? pg : openTransaction(request.tx).tx;
      return plainResults(await client.query(request.text, request.params, queryOptions(request.options)));
    }
    case 'exec': {
      const client = request.tx === undefined ? pg : openTransaction(request.tx).tx;
      return (await client.exec(request.text)).map(plainResults);
    }
    case 'begin':
      return begin(pg);
    case 'commit': {
      const open = openTransaction(request.tx);
      transactions.delete(request.tx);
      open.finish();
      await open.done;
      return null;
    }
    case 'rollback': {
      const open = openTransaction(request.tx);
      transactions.delete(request.tx);
      open.abort(ROLLBACK);
      await open.done.catch((error) => {
        if (error !== ROLLBACK) throw error;
      });
      return null;
    }
    case 'dump': {
      const dump = await pg.dumpDataDir('none');
      return new Uint8Array(await dump.arrayBuffer());
    }
    case 'close': {
      for (const [id, open] of transactions) {
        transactions.delete(id);
        open.abort(ROLLBACK);
        await open.done.catch(() => {});
      }
      if (!pg.closed) await pg.close();
      return null;
    }
    default:
      throw new Error(`unknown request ${JSON.stringify(/** @type {{ op?: unknown }} */ (request).op)}`);
  }
}

/**
 * An error as a plain object: its message, name and every primitive field (for a Postgres error the
 * SQLSTATE `code`, `detail`, `constraint`, `table`, ...), which structured clone would otherwise drop.
 */
function plainError(/** @type {unknown} */ error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  /** @type {Record<string, unknown>} */
  const plain = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (OMIT.has(key) || value === undefined) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) plain[key] = value;
  }
  return plain;
}

/** @param {number} id @param {unknown} value */
function reply(id, value) {
  try {
    port?.postMessage({ id, ok: true, value });
  } catch (error) {
    // e.g. a result the structured clone cannot copy
    port?.postMessage({ id, ok: false, error: plainError(error) });
  }
}

/**
 * PGlite runs with fsync off, so WAL kept for crash recovery or replication buys nothing here: minimal
 * WAL, no full-page images (recorder ingest +20 %), and little of it kept. A larger buffer cache keeps the events indexes
 * of a million-row store in memory (measured: sustained ingest 12.9k -> 15.3k events/s at 1M rows).
 */
const SETTINGS = [
  'wal_level=minimal',
  'max_wal_senders=0',
  'full_page_writes=off',
  'shared_buffers=256MB',
  // Postgres keeps up to max_wal_size of WAL (default 1GB) between checkpoints, and a single-user
  // PGlite has no checkpointer to keep it lower: a small embedded store was mostly WAL
  'max_wal_size=128MB',
  'min_wal_size=32MB',
];

try {
  const pg = await PGlite.create(dataDir, {
    postgresqlconf: SETTINGS,
    // History's error filter: trigram indexes on error texts (db/migrations/0008)
    extensions: { pg_trgm },
    // a copy of another store's files (RemotePglite.dump): opens without initdb
    ...(from ? { loadDataDir: new Blob([from]) } : {}),
  });
  port.on('message', (/** @type {Request} */ request) => {
    handle(pg, request).then(
      (value) => reply(request.id, value),
      (error) => port.postMessage({ id: request.id, ok: false, error: plainError(error) }),
    );
  });
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: plainError(error) });
}
