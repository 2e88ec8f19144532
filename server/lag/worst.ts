import type { LagModel } from '@/server/contracts/lag';

const TONE_RANK: Record<LagModel['tone'], number> = { degraded: 2, unknown: 1, ok: 0 };

/**
 * The worst of several lag models: the worse verdict first (not draining, then unsure or unknown),
 * then the larger lag. Where a page names one group as furthest behind, this picks it.
 */
export function worstOf<T>(items: Iterable<T>, model: (item: T) => LagModel): T | null {
  let worst: T | null = null;
  for (const item of items) {
    if (worst === null || isWorse(model(item), model(worst))) worst = item;
  }
  return worst;
}

function isWorse(a: LagModel, b: LagModel): boolean {
  const rank = TONE_RANK[a.tone] - TONE_RANK[b.tone];
  return rank !== 0 ? rank > 0 : (a.lag ?? -1) > (b.lag ?? -1);
}
