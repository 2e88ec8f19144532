import { DeliveryFailures, DeliveryFailuresQuery } from '@/server/contracts/delivery-failures';
import { route } from '@/server/http/route';
import { topDeliveryFailures } from '@/server/queries/delivery-failures';

export const dynamic = 'force-dynamic';

/** Failed and retried deliveries of the last hour grouped by normalised error, most first. */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Top errors of failed and retried deliveries in the last hour',
    query: DeliveryFailuresQuery,
    response: DeliveryFailures,
  },
  async ({ ctx, query }) =>
    topDeliveryFailures(ctx.db, { topics: query.topic, groups: query.group }, query.limit),
);
