import { ReplayJobPage, ReplayListQuery, ReplayRequest, ReplayResponse } from '@/server/contracts/replays';
import { route } from '@/server/http/route';
import { createReplay, previewReplay } from '@/server/services/replays';
import { listReplays } from '@/server/services/replays-read';
import { replaysContext } from './replays-context';

export const dynamic = 'force-dynamic';

/** With `dryRun` the plan (and a `previewId` freezing its letters); else the job, 201 (409 when the letters are in a live job). */
export const POST = route(
  {
    auth: 'events:act',
    summary: 'Preview or start a replay job of dead letters',
    body: ReplayRequest,
    response: ReplayResponse,
  },
  async ({ ctx, caller, body, request }) => {
    const service = replaysContext(ctx, caller!, request);
    if (body.dryRun) return previewReplay(service, body);
    const job = await createReplay(service, body);
    return Response.json(job, { status: 201, headers: { 'cache-control': 'no-store' } });
  },
);

/** Replay jobs, newest first. */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'List replay jobs',
    query: ReplayListQuery,
    response: ReplayJobPage,
  },
  async ({ ctx, query }) =>
    listReplays(ctx.db, {
      ...(query.state ? { state: query.state as ReplayJobPage['items'][number]['state'][] } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
);
