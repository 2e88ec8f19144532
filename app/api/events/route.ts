import { presentEventPage, searchPolicy } from '@/server/access/present-event';
import { EventsQuery } from '@/server/contracts/events';
import { clientIp } from '@/server/http/client-ip';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { searchEvents } from '@/server/queries/events';
import { recordAudit } from '@/server/services/audit';
import { maskingRulesFor } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/**
 * Recorded events, newest first, filtered and keyset-paginated; previews masked for the caller. Data
 * conditions are refused (403) where they would probe masked values. See docs/api.md.
 */
export const GET = route(
  { auth: 'metadata:read', query: EventsQuery },
  async ({ ctx, caller, query, request }) => {
    const rules = await maskingRulesFor(ctx.db);
    const policy = searchPolicy(caller!, rules, query);
    if (policy.refusal) {
      // counts only: a condition's value may be a guess at a masked value
      await recordAudit(ctx.db, {
        actor: caller,
        action: 'events.search.denied',
        targets: [],
        parameters: { conditions: query.conditions.length },
        result: 'denied',
        detail: policy.refusal,
        ip: clientIp(request.headers),
      });
      throw new HttpError(403, 'FORBIDDEN', policy.refusal);
    }
    const page = await searchEvents(ctx.db, query, {
      conditionsSkipConfidential: policy.conditionsSkipConfidential,
    });
    return presentEventPage(caller!, rules, page);
  },
);
