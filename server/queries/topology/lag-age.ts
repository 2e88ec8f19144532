import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { BusState, GroupInfo } from '@/server/contracts/bus-state';
import { selectRows } from '@/db/select-rows';

/** Lagging groups look up their oldest waiting entry in at most this many (topic, position) pairs. */
export const MAX_LAG_HEADS = 500;

/** Where a lagging group's backlog starts: the entry after its last-delivered id, on one topic. */
export interface LagHead {
  topic: string;
  afterMs: number;
}

/** The time (epoch ms) of the first recorded event after each head, keyed by headKey. */
export type OldestWaiting = ReadonlyMap<string, number>;

const headKey = (topic: string, afterMs: number): string => `${topic}@${afterMs}`;

/** A stream entry id's milliseconds (`1740830460363-1` → 1740830460363); 0 for `0-0` or anything else. */
export function entryMs(id: string): number {
  const ms = Number(id.slice(0, id.indexOf('-')));
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** One head per (topic, last-delivered position) of every group with a backlog, at most MAX_LAG_HEADS. */
export function lagHeads(state: BusState | null): LagHead[] {
  const heads = new Map<string, LagHead>();
  for (const info of state?.topics ?? []) {
    for (const g of info.groups) {
      if (g.lag === null || g.lag <= 0 || heads.size >= MAX_LAG_HEADS) continue;
      const afterMs = entryMs(g.lastDeliveredId);
      heads.set(headKey(info.topic, afterMs), { topic: info.topic, afterMs });
    }
  }
  return [...heads.values()];
}

/**
 * The time (epoch ms) of the first recorded event after each head; absent when none is recorded. One
 * statement whatever the number of heads; each lookup is an index range scan on (topic, time). Event
 * time stands in for the entry id's time: the SDK stamps both at publish.
 */
export async function oldestRecordedAfter(db: Db, heads: readonly LagHead[]): Promise<OldestWaiting> {
  if (heads.length === 0) return new Map();
  const values = sql.join(
    heads.map(
      (h, i) => sql`(${i}::int, ${h.topic}::text, ${new Date(h.afterMs).toISOString()}::timestamptz)`,
    ),
    sql`, `,
  );
  const rows = await selectRows<{ i: number; oldest: number | null }>(
    db,
    sql`select v.i, (select extract(epoch from min(e.time)) * 1000 from events e
        where e.topic = v.topic and e.time > v.after)::float8 as oldest
      from (values ${values}) as v(i, topic, after)`,
  );
  const found = new Map<string, number>();
  for (const row of rows) {
    const head = heads[Number(row.i)];
    if (head && row.oldest !== null) found.set(headKey(head.topic, head.afterMs), Number(row.oldest));
  }
  return found;
}

/**
 * How old a group's oldest waiting entry on one topic is. A pending entry (delivered, not acked) was
 * delivered before any entry still undelivered, so when there is one it is the oldest, and its id
 * tells when it was appended. Else: 0 when caught up; the lag head's age when it is recorded; null
 * when Redis or the store cannot tell.
 */
export function lagAge(
  oldestWaiting: OldestWaiting,
  topic: string,
  group: Pick<GroupInfo, 'lag' | 'lastDeliveredId' | 'oldestPendingId'>,
  nowMs: number,
): number | null {
  const pendingMs = group.oldestPendingId === null ? 0 : entryMs(group.oldestPendingId);
  if (pendingMs > 0) return Math.max(0, Math.round(nowMs - pendingMs));
  if (group.lag === null) return null;
  if (group.lag <= 0) return 0;
  const oldestMs = oldestWaiting.get(headKey(topic, entryMs(group.lastDeliveredId)));
  return oldestMs === undefined ? null : Math.max(0, Math.round(nowMs - oldestMs));
}
