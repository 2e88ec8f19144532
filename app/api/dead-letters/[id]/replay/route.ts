import { DeadLetterIdParams, DeadLetterReplayed } from '@/server/contracts/dead-letter-actions';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { replayDeadLetter } from '@/server/services/dead-letters';

export const dynamic = 'force-dynamic';

/** Appends the dead letter's original entry to its topic again (atomically removing the dead letter). */
export const POST = route(
  {
    auth: 'events:act',
    summary: 'Replay a dead letter',
    params: DeadLetterIdParams,
    response: DeadLetterReplayed,
  },
  async ({ ctx, caller, params, request }): Promise<DeadLetterReplayed> =>
    replayDeadLetter(
      { db: ctx.db, redis: ctx.redis, keys: ctx.keys, caller: caller!, ip: clientIp(request.headers) },
      { id: params.id },
    ),
);
