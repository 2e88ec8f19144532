/**
 * Where one trace request's time goes, measured in-process over the same store: the store reads with
 * their rows decoded (`loadTrace`), the pure assembly of tree, deliveries and critical path
 * (`assembleTrace`), the whole query function with one page's previews (`getTrace`), and masking plus
 * JSON for the answer. Sequential, after the HTTP measurement warmed the caches; medians and p95.
 */
import type { Db } from '@/db/client';
import { presentTraceDetail } from '@/server/access/present-trace';
import { assembleTrace, getTrace, loadTrace } from '@/server/queries/traces/get-trace';
import { maskingRulesFor } from '@/server/services/masking';
import { stats, type Stats } from './api-measure';

export interface Phases {
  storeReads: Stats;
  assembly: Stats;
  getTrace: Stats;
  presentAndJson: Stats;
}

async function timed(times: number[], run: () => Promise<unknown> | unknown): Promise<void> {
  const started = performance.now();
  await run();
  times.push(performance.now() - started);
}

export async function tracePhases(db: Db, correlationId: string, iterations: number): Promise<Phases> {
  const reads: number[] = [];
  const assembly: number[] = [];
  const whole: number[] = [];
  const present: number[] = [];
  const rules = await maskingRulesFor(db);
  for (let i = 0; i < iterations; i++) {
    let loaded: Awaited<ReturnType<typeof loadTrace>> | undefined;
    await timed(reads, async () => (loaded = await loadTrace(db, correlationId)));
    await timed(assembly, () => assembleTrace(correlationId, loaded!, Date.now()));
    let detail: Awaited<ReturnType<typeof getTrace>> | undefined;
    await timed(whole, async () => (detail = await getTrace(db, correlationId)));
    await timed(present, () => JSON.stringify(presentTraceDetail({ role: 'analyst' }, rules, detail!)));
  }
  return {
    storeReads: stats(reads),
    assembly: stats(assembly),
    getTrace: stats(whole),
    presentAndJson: stats(present),
  };
}
