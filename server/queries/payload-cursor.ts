/**
 * A payload read from the store in chunks, for the streamed download: the server holds one chunk at a
 * time, never the payload. One SQL cursor per download: Postgres serialises the value once (into the
 * cursor's materialised CTE, on its side) and hands it out as `bytea` slices as the client reads.
 *
 * A cursor lives in one session. On Postgres that is a transaction on one pooled connection, held for
 * the download (the HTTP layer bounds how many run at once and how long a stalled client may hold
 * one). PGlite has a single session that everything else shares, so holding a transaction there would
 * stall the recorder for the whole download: the cursor is declared WITH HOLD instead (materialised at
 * once, inside the embedded database) and read between other statements.
 */
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, StoreKind } from '@/db/client';
import { events } from '@/db/schema';
import type { PayloadPart } from '@/server/contracts/payload';
import { byKey, type EventKey } from './event-payload';
import { selectRows } from '@/db/select-rows';

/** Bytes per chunk the cursor hands out (what the server holds per download at a time). */
export const PAYLOAD_CHUNK_BYTES = 256 * 1024;

export interface PayloadReader {
  /** Bytes of the whole payload (its JSON text, UTF-8). */
  readonly sizeBytes: number;
  /** The next chunk, or null at the end (the reader is then closed). */
  read(): Promise<Uint8Array | null>;
  /** Ends the cursor and its session; safe to call more than once. */
  close(): Promise<void>;
}

interface Session {
  run<T>(query: SQL): Promise<T[]>;
  end(): Promise<void>;
}

type ChunkRow = { size: number; chunk: Uint8Array };

/**
 * Opens a cursor over one event's `data` or raw fields; null when that part is empty (SQL NULL).
 * The first chunk is read here, so a failure comes before any byte is sent.
 */
export async function openPayload(
  db: Db,
  kind: StoreKind,
  key: EventKey,
  part: PayloadPart,
  chunkBytes = PAYLOAD_CHUNK_BYTES,
): Promise<PayloadReader | null> {
  const session = kind === 'pglite' ? sharedSession(db) : await transactionSession(db);
  const name = sql.raw(`payload_${randomBytes(8).toString('hex')}`);
  const column = part === 'data' ? events.data : events.rawFields;
  const chunk = Math.floor(chunkBytes);
  let ended = false;
  const close = async (): Promise<void> => {
    if (ended) return;
    ended = true;
    if (kind === 'pglite') await session.run(sql`close ${name}`).catch(() => []);
    await session.end();
  };
  try {
    await session.run(
      sql`declare ${name} no scroll cursor ${sql.raw(kind === 'pglite' ? 'with hold' : 'without hold')} for
          with p as materialized (
            select convert_to(${column}::text, 'UTF8') as b from ${events} where ${byKey(key)} limit 1
          )
          select octet_length(p.b)::int as size, substring(p.b from g * ${chunk}::int + 1 for ${chunk}::int) as chunk
          from p, generate_series(0, (octet_length(p.b) - 1) / ${chunk}::int) as g`,
    );
    const fetchChunk = async (): Promise<ChunkRow | undefined> =>
      (await session.run<ChunkRow>(sql`fetch forward 1 from ${name}`))[0];
    const first = await fetchChunk();
    if (!first) {
      await close();
      return null;
    }
    let pending: Uint8Array | null = first.chunk;
    return {
      sizeBytes: Number(first.size),
      close,
      async read() {
        if (pending) {
          const out = pending;
          pending = null;
          return out;
        }
        if (ended) return null;
        const row = await fetchChunk();
        if (!row) await close();
        return row ? row.chunk : null;
      },
    };
  } catch (error) {
    await close().catch(() => {
      // the original error is the one worth reporting
    });
    throw error;
  }
}

function sharedSession(db: Db): Session {
  return { run: (query) => selectRows(db, query), end: async () => {} };
}

/** A transaction held open until `end()`: the callback waits for it, so drizzle keeps the connection. */
function transactionSession(db: Db): Promise<Session> {
  return new Promise((resolve, reject) => {
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    let opened = false;
    const done = db.transaction(async (tx) => {
      opened = true;
      resolve({
        run: (query) => selectRows(tx as unknown as Db, query),
        end: async () => {
          finish();
          await done.catch(() => {
            // a failed commit of a read-only cursor loses nothing; the connection goes back to the pool
          });
        },
      });
      await finished;
    });
    done.catch((error: unknown) => {
      if (!opened) reject(error);
    });
  });
}
