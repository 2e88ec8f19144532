import { presentProjectionDetail } from '@/server/access/present-projection';
import { ProjectionDetail, ProjectionParams } from '@/server/contracts/projections';
import { route } from '@/server/http/route';
import { maskingRulesFor } from '@/server/services/masking';
import { readModelSample } from '@/server/services/projection-read-model';
import { readProjection } from '@/server/services/projections-read';

export const dynamic = 'force-dynamic';

/**
 * One projection: its row (generations, per-topic positions, processes, last error) and a bounded look
 * at the active generation's read model, values masked for the caller. 404 for an unknown name.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'One projection: generations, positions, processes and a sample of its read model',
    params: ProjectionParams,
    response: ProjectionDetail,
  },
  async ({ ctx, caller, params }) => {
    const summary = await readProjection(ctx, params.name);
    const [readModel, rules] = await Promise.all([
      readModelSample(ctx, params.name, summary.active.generation),
      // without the rules every value is masked below admin (fail closed), rather than a 503
      maskingRulesFor(ctx.db).catch(() => null),
    ]);
    return presentProjectionDetail(caller!, { summary, readModel }, rules);
  },
);
