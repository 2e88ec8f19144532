import { DeadLetterIdParams, DeadLetterDiscarded } from '@/server/contracts/dead-letter-actions';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { discardDeadLetter } from '@/server/services/dead-letters';

export const dynamic = 'force-dynamic';

/** Removes a dead letter without replaying it. */
export const POST = route(
  {
    auth: 'events:act',
    summary: 'Discard a dead letter',
    params: DeadLetterIdParams,
    response: DeadLetterDiscarded,
  },
  async ({ ctx, caller, params, request }): Promise<DeadLetterDiscarded> =>
    discardDeadLetter(
      { db: ctx.db, redis: ctx.redis, keys: ctx.keys, caller: caller!, ip: clientIp(request.headers) },
      { id: params.id },
    ),
);
