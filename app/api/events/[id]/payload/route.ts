import { EventParams, EventPayloadQuery } from '@/server/contracts/events';
import { downloadResponse } from '@/server/http/download';
import { TooManyRequestsError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { NoPayloadError } from '@/server/queries/errors';
import { findEvent } from '@/server/queries/events';
import { openPayload } from '@/server/queries/payload-cursor';

export const dynamic = 'force-dynamic';

/** A client that reads nothing for this long loses its download slot. */
const IDLE_MS = 30_000;
const RETRY_AFTER_S = 5;

/**
 * The whole `data` (or `part=rawFields`) of one event as a JSON file, streamed from the store in chunks.
 * At most EVENTLENS_PAYLOAD_DOWNLOADS run at once; one more is a 429 with Retry-After. See docs/api-guide.md.
 */
export const GET = route(
  {
    auth: 'payload:read',
    summary: "One event's whole payload as a streamed JSON file",
    params: EventParams,
    query: EventPayloadQuery,
    responseType: 'application/json (attachment)',
  },
  async ({ ctx, params, query, request }) => {
    const release = ctx.payloads.downloads.tryEnter();
    if (!release) {
      throw new TooManyRequestsError(
        `${ctx.payloads.downloads.limit} payload downloads are running; try again in ${RETRY_AFTER_S} s`,
        RETRY_AFTER_S,
      );
    }
    try {
      const { key } = await findEvent(ctx.db, params.id, query.source);
      const reader = await openPayload(ctx.db, ctx.storeKind, key, query.part);
      if (!reader) throw new NoPayloadError(params.id, query.part);
      return downloadResponse(reader, {
        filename: `${query.part === 'data' ? 'data' : 'raw-fields'}-${params.id}.json`,
        contentType: 'application/json',
        idleMs: IDLE_MS,
        signal: request.signal,
        onEnd: (outcome, error) => {
          release();
          if (outcome === 'failed') ctx.log.error({ err: error, id: params.id }, 'payload download failed');
        },
      });
    } catch (error) {
      release();
      throw error;
    }
  },
);
