import type { Overview } from '@/server/contracts/overview';

/**
 * True when EventLens has seen nothing at all: no topic, group or service in Redis or in the recorded
 * graph, nothing published, no dead letter. A page then says how to get traffic (`npm run demo`)
 * instead of showing rows of zeros. Shared: the Overview and the pages not built yet ask the same.
 */
export function nothingSeen(overview: Overview): boolean {
  return (
    overview.topics === 0 &&
    overview.groups === 0 &&
    overview.services.total === 0 &&
    overview.eventsPerSec === 0 &&
    overview.deadLetters.pending === 0
  );
}
