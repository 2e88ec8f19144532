import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  deadLetters,
  deadLetterStates,
  serviceNodes,
  topologyEdges,
  type DeadLetterStatus,
} from '@/db/schema';
import type { BusState } from '@/server/contracts/bus-state';
import { getLagTrends, type LagTrends } from '../lag-trend';
import { lastMinuteSums, type WindowSums } from '../rollup-window';
import { lagHeads, oldestRecordedAfter, type OldestWaiting } from './lag-age';

export type RecordedEdge = typeof topologyEdges.$inferSelect;
export type RecordedService = typeof serviceNodes.$inferSelect;

export interface DeadLetterCount {
  group: string;
  status: DeadLetterStatus;
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
    .select({
      group: deadLetters.group,
      status: sql<DeadLetterStatus>`coalesce(${deadLetterStates.status}, 'pending')`,
      n: count(),
    })
    .from(deadLetters)
    .leftJoin(deadLetterStates, eq(deadLetterStates.letterId, deadLetters.id))
    .groupBy(deadLetters.group, deadLetterStates.status);
}
