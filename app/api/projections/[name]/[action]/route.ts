import {
  ProjectionActionParams,
  ProjectionActionRequest,
  ProjectionActionResult,
} from '@/server/contracts/projections';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { actOnProjection } from '@/server/services/projections';

export const dynamic = 'force-dynamic';

/**
 * An operator action on a projection: `rebuild` it into a new generation (swapped in once caught up),
 * `pause` or `resume` it in every process. 409 when its state does not allow the action (rebuilding
 * already, paused already, not paused, topics trimmed without `allowTrimmed`); audited either way.
 */
export const POST = route(
  {
    auth: 'events:act',
    summary: 'Rebuild, pause or resume a projection',
    params: ProjectionActionParams,
    body: ProjectionActionRequest,
    response: ProjectionActionResult,
  },
  async ({ ctx, caller, params, body, request }): Promise<ProjectionActionResult> =>
    actOnProjection(
      { db: ctx.db, redis: ctx.redis, keys: ctx.keys, caller: caller!, ip: clientIp(request.headers) },
      {
        name: params.name,
        action: params.action,
        ...(body.reason ? { reason: body.reason } : {}),
        ...(body.allowTrimmed ? { allowTrimmed: true } : {}),
      },
    ),
);
