/**
 * Bounded views of the payloads (`data` as json, `raw_fields` as jsonb): previews are cut in SQL, so the
 * server never holds more of a payload than its preview budget, however large the payload is.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { events } from '@/db/schema';
import { previewFromHead, type PayloadPreview } from '@/server/contracts/payload';
import { selectRows } from '@/db/select-rows';

/** One stored event exactly: its key, with the time at full (microsecond) precision as text. */
export interface EventKey {
  source: string;
  id: string;
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`: Postgres keeps microseconds, a JavaScript Date would drop them. */
  time: string;
}

/** The event's time as exact text, for EventKey and keyset cursors. */
export const exactTime = sql<string>`to_char(${events.time} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const byKey = (key: EventKey): SQL =>
  sql`${events.source} = ${key.source} and ${events.eventId} = ${key.id} and ${events.time} = ${key.time}::timestamptz`;

/**
 * SQL for the head of a json or jsonb column's text: enough characters to fill `budget` bytes and one more, to
 * tell whether there is more (see previewFromHead). Postgres serialises the value; only the head leaves.
 */
export function payloadHead(column: AnyColumn, budget: number): SQL<string | null> {
  return sql<string | null>`left(${column}::text, ${sql.raw(String(Math.floor(budget) + 1))})`;
}

export interface EventPayloads {
  data: PayloadPreview | null;
  rawFields: PayloadPreview | null;
}

/** Previews of one event's `data` and raw fields, with their true sizes; each value serialised once. */
export async function getPayloadPreviews(db: Db, key: EventKey, budget: number): Promise<EventPayloads> {
  type Row = {
    data_head: string | null;
    data_bytes: number | null;
    raw_head: string | null;
    raw_bytes: number | null;
  };
  const head = Math.floor(budget) + 1;
  // `offset 0` keeps the subquery from being folded in, which would serialise each value twice
  const [row] = await selectRows<Row>(
    db,
    sql`select left(d, ${head}) as data_head, octet_length(d)::int as data_bytes,
               left(r, ${head}) as raw_head, octet_length(r)::int as raw_bytes
        from (select ${events.data}::text as d, ${events.rawFields}::text as r
              from ${events} where ${byKey(key)} offset 0) s`,
  );
  const preview = (text: string | null | undefined, bytes: number | null | undefined) =>
    text === null || text === undefined ? null : previewFromHead(text, budget, Number(bytes ?? 0));
  return {
    data: preview(row?.data_head, row?.data_bytes),
    rawFields: preview(row?.raw_head, row?.raw_bytes),
  };
}

/**
 * One payload's whole JSON text when it takes at most `capBytes`, for a download that must be masked
 * (parsed) before it leaves; only its size when it is larger. Null when the part is empty.
 */
export async function readPayloadWithin(
  db: Db,
  key: EventKey,
  part: 'data' | 'rawFields',
  capBytes: number,
): Promise<{ sizeBytes: number; text: string | null } | null> {
  const column = part === 'data' ? events.data : events.rawFields;
  const [row] = await selectRows<{ bytes: number | null; text: string | null }>(
    db,
    sql`select octet_length(d)::int as bytes, case when octet_length(d) <= ${Math.floor(capBytes)} then d end as text
        from (select ${column}::text as d from ${events} where ${byKey(key)} offset 0) s`,
  );
  if (!row || row.bytes === null) return null;
  return { sizeBytes: Number(row.bytes), text: row.text };
}
