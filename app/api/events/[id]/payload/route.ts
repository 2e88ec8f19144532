import { maskPayloadText, payloadDownloadPlan } from '@/server/access/present-event';
import { EventParams, EventPayloadQuery } from '@/server/contracts/events';
import { downloadResponse } from '@/server/http/download';
import { HttpError, TooManyRequestsError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { NoPayloadError } from '@/server/queries/errors';
import { readPayloadWithin } from '@/server/queries/event-payload';
import { findEvent } from '@/server/queries/events';
import { openPayload } from '@/server/queries/payload-cursor';
import { maskingRulesFor } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/** A client that reads nothing for this long loses its download slot. */
const IDLE_MS = 30_000;
const RETRY_AFTER_S = 5;
/**
 * A payload that must be masked is parsed whole in memory, so only up to this size; a larger one is
 * refused (413) for callers with masking applied, and streams as usual for the others.
 */
export const MASKED_DOWNLOAD_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The whole `data` (or `part=rawFields`) of one event as a JSON file, streamed from the store in chunks,
 * or parsed and masked for a caller whose rules apply. At most EVENTLENS_PAYLOAD_DOWNLOADS run at once;
 * one more is a 429 with Retry-After. See docs/api.md.
 */
export const GET = route(
  { auth: 'payload:read', params: EventParams, query: EventPayloadQuery },
  async ({ ctx, caller, params, query, request }) => {
    const release = ctx.payloads.downloads.tryEnter();
    if (!release) {
      throw new TooManyRequestsError(
        `${ctx.payloads.downloads.limit} payload downloads are running; try again in ${RETRY_AFTER_S} s`,
        RETRY_AFTER_S,
      );
    }
    const filename = `${query.part === 'data' ? 'data' : 'raw-fields'}-${params.id}.json`;
    try {
      const [{ row, key }, rules] = await Promise.all([
        findEvent(ctx.db, params.id, query.source),
        maskingRulesFor(ctx.db),
      ]);
      const plan = payloadDownloadPlan(caller!, rules, row, query.part);
      if (plan.kind !== 'none') {
        try {
          const whole = await readPayloadWithin(ctx.db, key, query.part, MASKED_DOWNLOAD_MAX_BYTES);
          if (!whole) throw new NoPayloadError(params.id, query.part);
          if (whole.text === null) {
            throw new HttpError(
              413,
              'PAYLOAD_TOO_LARGE',
              `this payload (${whole.sizeBytes} bytes) has fields masked for your role (${caller!.role}); masked downloads are limited to ${MASKED_DOWNLOAD_MAX_BYTES} bytes`,
            );
          }
          const masked = maskPayloadText(plan, whole.text);
          return new Response(masked.text, {
            headers: {
              'content-type': 'application/json',
              'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120)}"`,
              'cache-control': 'no-store',
              'x-eventlens-masked': masked.masked ? 'true' : 'false',
            },
          });
        } finally {
          release();
        }
      }
      const reader = await openPayload(ctx.db, ctx.storeKind, key, query.part);
      if (!reader) throw new NoPayloadError(params.id, query.part);
      return downloadResponse(reader, {
        filename,
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
