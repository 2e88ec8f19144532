/** Pure figures of a projection row, shared by the table and its detail (tested in figures.test.ts). */
import type { ProjectionGeneration, ProjectionSummary } from '@/server/contracts/projections';

/** The furthest checkpoint over the topics (entry ids compare by time, then sequence); null before any. */
export function latestPosition(generation: ProjectionGeneration): string | null {
  let best: string | null = null;
  for (const { position } of generation.topics) {
    if (position !== null && (best === null || compareIds(position, best) > 0)) best = position;
  }
  return best;
}

export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/** The time an entry id was written (ms). */
export const idTime = (entryId: string): number => Number(entryId.split('-')[0]);

/**
 * How far a rebuild has come: the share of the entries it had to read that it has read, against the
 * largest lag seen since it started (`peak`). Null before there is anything to measure.
 */
export function rebuildShare(lag: number, peak: number): number | null {
  if (peak <= 0) return null;
  return Math.min(1, Math.max(0, 1 - lag / peak));
}

/** The latest rebuild's span (start to swap), when it swapped. */
export function rebuildTookMs(row: ProjectionSummary): number | null {
  const last = row.lastRebuild;
  if (!last?.swappedAt) return null;
  return Date.parse(last.swappedAt) - Date.parse(last.startedAt);
}
