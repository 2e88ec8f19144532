import { presentEventDetail } from '@/server/access/present-event';
import { EventDetailQuery, EventParams } from '@/server/contracts/events';
import { route } from '@/server/http/route';
import { getEvent } from '@/server/queries/events';
import { maskingRulesFor } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/**
 * One recorded event with its cause, caused events, correlation count and deliveries; its payloads as
 * previews of at most EVENTLENS_PAYLOAD_PREVIEW_BYTES with their true sizes, masked for the caller.
 * See docs/api.md.
 */
export const GET = route(
  { auth: 'metadata:read', params: EventParams, query: EventDetailQuery },
  async ({ ctx, caller, params, query }) => {
    const [rules, detail] = await Promise.all([
      maskingRulesFor(ctx.db),
      getEvent(ctx.db, params.id, query.source, ctx.payloads.previewBytes),
    ]);
    return presentEventDetail(caller!, rules, detail, ctx.payloads.previewBytes);
  },
);
