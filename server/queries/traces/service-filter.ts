/**
 * Trace search's service filter before the summaries: of a batch of candidate correlation ids, those
 * where the service published an event or consumed one. No index names a service, so this asks per
 * trace (its events through the correlation index, their deliveries through deliveries_identity_idx),
 * which costs a fraction of summarising the traces that do not match.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { SERVICE_OF_SQL, serviceOf } from '@/server/contracts/service-name';

export async function tracesWithService(
  db: Db,
  correlationIds: readonly string[],
  service: string,
): Promise<Set<string>> {
  if (correlationIds.length === 0) return new Set();
  const name = serviceOf(service);
  const rows = await selectRows<{ cid: string }>(
    db,
    sql`select c.cid from jsonb_array_elements_text(${JSON.stringify(correlationIds)}::jsonb) c(cid)
        where exists (
          select 1 from events e
          where e.correlation_id = c.cid
            and (${sql.raw(SERVICE_OF_SQL('e.source'))} = ${name}
                 or exists (select 1 from deliveries d join delivery_consumers dc on dc.id = d.consumer_id
                            where d.event_id = e.event_id and dc.service in (${service}, ${name}))))`,
  );
  return new Set(rows.map((row) => row.cid));
}
