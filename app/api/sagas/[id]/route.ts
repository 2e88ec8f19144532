import { presentSagaDetail } from '@/server/access/present-saga';
import { SagaDetail, SagaParams } from '@/server/contracts/sagas';
import { route } from '@/server/http/route';
import { getSaga } from '@/server/queries/sagas/detail';
import { maskingRulesFor } from '@/server/services/masking';
import { readSagaDefinitions } from '@/server/services/saga-definitions';

export const dynamic = 'force-dynamic';

/**
 * One saga instance as its timeline: each step paired with its compensation (attempts, timeouts, late
 * replies), operator actions, the dead letters of its correlation id and the actions it allows now;
 * the input and payloads masked for the caller.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'One saga instance: steps paired with compensations, actions and dead letters',
    params: SagaParams,
    response: SagaDetail,
  },
  async ({ ctx, caller, params }) => {
    const [rules, definitions] = await Promise.all([
      maskingRulesFor(ctx.db),
      // without Redis the timeline still shows every step the instance reached; only the declared
      // steps it never reached are missing (the definitions route reports Redis as unavailable)
      readSagaDefinitions(ctx).catch(() => []),
    ]);
    const stored = await getSaga(ctx.db, params.id, definitions);
    return presentSagaDetail(caller!, rules, stored.detail, stored.payloadTypes);
  },
);
