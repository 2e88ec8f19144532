import { count } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deadLetters, serviceNodes, topologyEdges } from '@/db/schema';
import type { BusState } from '@/server/contracts/bus-state';
import { getLagTrends, type LagTrends } from '../lag-trend';
import { lastMinuteSums, type WindowSums } from '../rollup-window';
import { lagHeads, oldestRecordedAfter, type OldestWaiting } from './lag-age';

export type RecordedEdge = typeof topologyEdges.$inferSelect;
export type RecordedService = typeof serviceNodes.$inferSelect;

export interface DeadLetterCount {
  group: string;
  status: (typeof deadLetters.$inferSelect)['status'];
  n: number;
}

/** What the store holds for the graph, read in one round of parallel queries. */
export interface TopologyInputs {
  edges: RecordedEdge[];
  services: RecordedService[];
  deadLetterCounts: DeadLetterCount[];
  sums: WindowSums;
  oldestWaiting: OldestWaiting;
  /** The groups' recorded lag, for the lag model. */
  trends: LagTrends;
}

export async function readTopologyInputs(
  db: Db,
  state: BusState | null,
  now: Date,
  window: WindowSums | undefined,
): Promise<TopologyInputs> {
  const [edges, services, deadLetterCounts, sums, oldestWaiting, trends] = await Promise.all([
    db.select().from(topologyEdges),
    db.select().from(serviceNodes),
    countDeadLetters(db),
    window ?? lastMinuteSums(db, now),
    oldestRecordedAfter(db, lagHeads(state)),
    getLagTrends(db, now),
  ]);
  return { edges, services, deadLetterCounts, sums, oldestWaiting, trends };
}

function countDeadLetters(db: Db): Promise<DeadLetterCount[]> {
  return db
    .select({ group: deadLetters.group, status: deadLetters.status, n: count() })
    .from(deadLetters)
    .groupBy(deadLetters.group, deadLetters.status);
}
