import { SagaActionParams, SagaActionRequest, SagaActionResult } from '@/server/contracts/sagas';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { actOnSaga } from '@/server/services/sagas';

export const dynamic = 'force-dynamic';

/**
 * An operator action on one saga instance: `retry` a failed step or a stuck compensation, `compensate`
 * a running instance, `abort`, or `resolve` a stuck compensation done by hand (a reason is required).
 * 409 when the instance's status does not allow the action; audited either way.
 */
export const POST = route(
  {
    auth: 'events:act',
    summary: 'Retry, compensate, abort or resolve a saga instance',
    params: SagaActionParams,
    body: SagaActionRequest,
    response: SagaActionResult,
  },
  async ({ ctx, caller, params, body, request }): Promise<SagaActionResult> =>
    actOnSaga(
      { db: ctx.db, redis: ctx.redis, keys: ctx.keys, caller: caller!, ip: clientIp(request.headers) },
      {
        sagaId: params.id,
        action: params.action,
        ...(body.reason ? { reason: body.reason } : {}),
        ...(body.expectStatus ? { expectStatus: body.expectStatus } : {}),
      },
    ),
);
