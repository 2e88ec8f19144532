import {
  ReplayIdParams,
  ReplayLetterPage,
  ReplayLettersQuery,
  type ReplayJobLetter,
} from '@/server/contracts/replays';
import { route } from '@/server/http/route';
import { listReplayLetters } from '@/server/services/replays-read';

export const dynamic = 'force-dynamic';

export const GET = route(
  {
    auth: 'metadata:read',
    summary: "A replay job's letters in replay order, with their outcome",
    params: ReplayIdParams,
    query: ReplayLettersQuery,
    response: ReplayLetterPage,
  },
  async ({ ctx, params, query }) =>
    listReplayLetters(ctx.db, params.id, {
      ...(query.state ? { state: query.state as ReplayJobLetter['state'][] } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
);
