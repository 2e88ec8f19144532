import { AggregateTypeList } from '@/server/contracts/aggregates';
import { route } from '@/server/http/route';
import { listAggregateTypes } from '@/server/services/aggregate-types';

export const dynamic = 'force-dynamic';

/**
 * The aggregate types processes announce, merged per type: topic, writers, events/s, appends,
 * conflicts, invalid and failed commands, snapshots, aggregates stored and the last heartbeat.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Aggregate types with their writers, rates, conflicts and refused commands',
    response: AggregateTypeList,
  },
  async ({ ctx }) => listAggregateTypes(ctx),
);
