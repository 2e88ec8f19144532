import { DiscardRequest, DiscardResult } from '@/server/contracts/dead-letter-list';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { selectDeadLetterIds } from '@/server/queries/dead-letter-selection';
import { discardDeadLetters, MAX_DISCARD } from '@/server/services/dead-letters';

export const dynamic = 'force-dynamic';

/**
 * Discards some letters, a group (`{fingerprint}`: its pending letters) or the letters a filter
 * matches, with a reason; letters in a live replay job or not pending are skipped, with why.
 */
export const POST = route(
  {
    auth: 'events:act',
    summary: 'Discard dead letters (some, a group, or a filter) with a reason',
    body: DiscardRequest,
    response: DiscardResult,
  },
  async ({ ctx, caller, body, request }): Promise<DiscardResult> => {
    const { selection } = body;
    // asked-for ids go as asked (unknown ones come back as skipped); a group or a filter is resolved now
    const ids =
      'ids' in selection ? selection.ids : await selectDeadLetterIds(ctx.db, selection, MAX_DISCARD);
    return discardDeadLetters(
      { db: ctx.db, redis: ctx.redis, keys: ctx.keys, caller: caller!, ip: clientIp(request.headers) },
      { ids, reason: body.reason, selection },
    );
  },
);
