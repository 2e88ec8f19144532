import { presentDeadLetterDetail } from '@/server/access/present-dead-letter';
import { DeadLetterIdParams } from '@/server/contracts/dead-letter-actions';
import { DeadLetterDetail } from '@/server/contracts/dead-letter-list';
import { route } from '@/server/http/route';
import { getDeadLetter } from '@/server/queries/dead-letter-detail';
import { maskingRulesFor } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/**
 * One dead letter (`<topic>/<entry id>`, URL-encoded): error and stack, attempts, history, replay jobs,
 * the raw entry and the decoded envelope, its payload parts masked for the caller as an event's are.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'One dead letter with its attempts, history and decoded envelope',
    params: DeadLetterIdParams,
    response: DeadLetterDetail,
  },
  async ({ ctx, caller, params }) => {
    const [rules, detail] = await Promise.all([
      maskingRulesFor(ctx.db),
      getDeadLetter(ctx.db, params.id, ctx.payloads.previewBytes),
    ]);
    return presentDeadLetterDetail(caller!, rules, detail, ctx.payloads.previewBytes);
  },
);
