/** `GET /api/traces/compare?a=&b=`: both traces loaded at once, then compared in pure code. */
import type { Db } from '@/db/client';
import type { TraceComparison } from '@/server/contracts/traces';
import { TraceCompareError } from '../errors';
import { compareTraces, type ComparedTrace } from './compare';
import { assembleTrace, loadTrace } from './get-trace';

async function compared(db: Db, correlationId: string, nowMs: number): Promise<ComparedTrace> {
  const trace = await loadTrace(db, correlationId);
  const { summary, tree, byEvent } = assembleTrace(correlationId, trace, nowMs);
  return { summary, events: trace.events, tree, deliveries: byEvent };
}

export async function getTraceComparison(
  db: Db,
  a: string,
  b: string,
  nowMs = Date.now(),
): Promise<TraceComparison> {
  const [left, right] = await Promise.all([compared(db, a, nowMs), compared(db, b, nowMs)]);
  if (left.summary.rootType !== right.summary.rootType) {
    throw new TraceCompareError(
      `query: traces of different root types cannot be compared: a (${a}) starts with ${left.summary.rootType ?? 'no root (a loop)'}, b (${b}) with ${right.summary.rootType ?? 'no root (a loop)'}`,
    );
  }
  return compareTraces(left, right);
}
