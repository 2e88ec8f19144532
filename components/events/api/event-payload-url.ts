import type { PayloadPart } from '@/server/contracts/payload';

/**
 * GET /api/events/{id}/payload: the whole payload as a JSON file, streamed. A plain link target (the
 * browser downloads it; it never enters the query cache), with the source so that the id is exact.
 */
export function eventPayloadUrl(event: { id: string; source: string }, part: PayloadPart): string {
  const query = new URLSearchParams({ source: event.source });
  if (part !== 'data') query.set('part', part);
  return `/api/events/${encodeURIComponent(event.id)}/payload?${query.toString()}`;
}
