/**
 * Trace search by service. No index names a service, but the flow graph knows its topics: the search
 * walks the events of the topics it publishes to (topology edges) and consumes from (delivery
 * consumers), and keeps the candidates where the service published an event or consumed one, asked
 * per trace (its events through the correlation index, their deliveries through
 * deliveries_identity_idx) before any is summarised.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { SERVICE_OF_SQL, serviceOf } from '@/server/contracts/service-name';
import type { TraceSearchQuery } from '@/server/contracts/traces';

/** More topics than this and the walk goes by time over all events, as for a name nobody knows. */
const MAX_SERVICE_TOPICS = 50;

/**
 * The topics to walk for a search by service alone (a root type, topic or dead-letter search walks its
 * own index): none when the store knows no topic of it (a foreign stream's source, say).
 */
export async function topicsOfService(
  db: Db,
  query: Pick<TraceSearchQuery, 'service' | 'rootType' | 'topic' | 'has'>,
): Promise<string[]> {
  const { service } = query;
  if (service === undefined || query.rootType !== undefined || query.topic !== undefined) return [];
  if ((query.has ?? []).some((kind) => kind === 'dead-letters' || kind === 'replays')) return [];
  const name = serviceOf(service);
  const rows = await selectRows<{ topic: string }>(
    db,
    sql`select e.to_node as topic from topology_edges e
        where e.kind = 'publishes' and e.from_node in (${service}, ${name})
        union
        select c.topic from delivery_consumers c where c.service in (${service}, ${name})
        limit ${MAX_SERVICE_TOPICS + 1}`,
  );
  return rows.length > MAX_SERVICE_TOPICS ? [] : rows.map((row) => row.topic).sort();
}

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
