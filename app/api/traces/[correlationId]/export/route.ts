import { planCache, presentExportEvent } from '@/server/access/present-trace';
import { TraceParams } from '@/server/contracts/traces';
import { downloadResponse } from '@/server/http/download';
import { TooManyRequestsError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { openTraceExport } from '@/server/queries/traces/export';
import { maskingRulesFor } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/** A client that reads nothing for this long loses its download slot. */
const IDLE_MS = 30_000;
const RETRY_AFTER_S = 5;

/**
 * The whole trace as one JSON file (TraceExport): summary, critical path, dead letters, replays,
 * warnings, and every event (up to MAX_TRACE_EVENTS) with its whole envelope, deliveries and `data`
 * masked for the caller. Written as it is read, a batch of events at a time; it shares the payload
 * downloads' limit (EVENTLENS_PAYLOAD_DOWNLOADS at once, then 429 with Retry-After).
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'One trace as a JSON file, payloads masked for the caller',
    params: TraceParams,
    responseType: 'application/json (attachment: TraceExport)',
  },
  async ({ ctx, caller, params, request }) => {
    const release = ctx.payloads.downloads.tryEnter();
    if (!release) {
      throw new TooManyRequestsError(
        `${ctx.payloads.downloads.limit} downloads are running; try again in ${RETRY_AFTER_S} s`,
        RETRY_AFTER_S,
      );
    }
    try {
      const [rules, reader] = await Promise.all([
        maskingRulesFor(ctx.db),
        openTraceExport(ctx.db, params.correlationId),
      ]);
      const planOf = planCache(caller!, rules);
      const encoder = new TextEncoder();
      let state: 'head' | 'events' | 'done' = 'head';
      let written = 0;
      const source = {
        sizeBytes: null,
        async read(): Promise<Uint8Array | null> {
          if (state === 'head') {
            state = 'events';
            const head = JSON.stringify(reader.head);
            return encoder.encode(`${head.slice(0, -1)},"events":[`);
          }
          if (state === 'done') return null;
          const batch = await reader.next();
          if (batch.length === 0) {
            state = 'done';
            return encoder.encode(']}');
          }
          const text = batch.map((event) => presentExportEvent(planOf, event)).join(',');
          const chunk = written === 0 ? text : `,${text}`;
          written += batch.length;
          return encoder.encode(chunk);
        },
        close: async () => {},
      };
      return downloadResponse(source, {
        filename: `trace-${params.correlationId}.json`,
        contentType: 'application/json',
        idleMs: IDLE_MS,
        signal: request.signal,
        onEnd: (outcome, error) => {
          release();
          if (outcome === 'failed') {
            ctx.log.error({ err: error, correlationId: params.correlationId }, 'trace export failed');
          }
        },
      });
    } catch (error) {
      release();
      throw error;
    }
  },
);
