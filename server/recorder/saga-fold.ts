/**
 * A batch's saga changes folded into one row per instance and per step attempt: one upsert statement
 * may not touch a row twice. The fold applies the same rules the upsert applies against the stored row
 * (saga-sql.ts), so folding then upserting equals upserting change by change. Rows come out sorted by
 * key: concurrent writers then lock shared rows in one order.
 */
import type { SagaError, SagaStatus } from '@/server/contracts/saga-events';
import type { SagaLateReply } from '@/db/schema';
import { isTerminal, type InstanceChange, type SagaPhaseStatus, type StepChange } from './saga-changes';

export interface InstanceUpsert {
  sagaId: string;
  definition: { name: string; version: number };
  kind: 'orchestrated' | 'choreographed';
  status: SagaStatus;
  correlationId: string | null;
  currentStep: { index: number; name: string } | null;
  failedStep: { index: number; name: string; error: SagaError | null } | null;
  input: string | null;
  startedMs: number;
  updatedMs: number;
  endedMs: number | null;
  seq: number;
  round: number;
}

export interface StepUpsert {
  sagaId: string;
  round: number;
  index: number;
  phase: 'step' | 'compensation';
  attempt: number;
  name: string;
  status: SagaPhaseStatus;
  /** The seq that set `status`; -1 when no change of the batch sets one (the stored status stays). */
  statusSeq: number;
  startedMs: number | null;
  endedMs: number | null;
  error: SagaError | null;
  retryInMs: number | null;
  lateReplies: SagaLateReply[];
  payload: string | null;
  payloadType: string | null;
  eventIds: string[];
}

const bySeq = <T extends { seq: number }>(a: T, b: T) => a.seq - b.seq;

export function foldInstances(changes: readonly InstanceChange[]): InstanceUpsert[] {
  const groups = groupBy(changes, (c) => c.sagaId);
  const out: InstanceUpsert[] = [];
  for (const [sagaId, group] of groups) {
    group.sort(bySeq);
    const first = group[0]!;
    const last = group[group.length - 1]!;
    let current: InstanceUpsert['currentStep'] = null;
    let failed: InstanceUpsert['failedStep'] = null;
    let round = first.round;
    let input: string | null = null;
    let correlationId: string | null = null;
    let startedMs = first.atMs;
    let updatedMs = first.atMs;
    for (const change of group) {
      current = change.step ?? current;
      // a new round (an operator's retry) starts without a failure: the last round's is history
      if (change.round > round) failed = change.failed;
      else if (change.round === round) failed = change.failed ?? failed;
      round = Math.max(round, change.round);
      input ??= change.input;
      correlationId ??= change.correlationId;
      startedMs = Math.min(startedMs, change.atMs);
      updatedMs = Math.max(updatedMs, change.atMs);
    }
    out.push({
      sagaId,
      definition: first.definition,
      kind: first.kind,
      status: last.status,
      correlationId,
      currentStep: current,
      failedStep: failed,
      input,
      startedMs,
      updatedMs,
      endedMs: isTerminal(last.status) ? last.atMs : null,
      seq: last.seq,
      round,
    });
  }
  return out.sort((a, b) => compare(a.sagaId, b.sagaId));
}

export function foldSteps(changes: readonly StepChange[]): StepUpsert[] {
  const groups = groupBy(
    changes,
    (c) => `${c.sagaId}\u0000${c.round}\u0000${c.index}\u0000${c.phase}\u0000${c.attempt}`,
  );
  const out: StepUpsert[] = [];
  for (const group of groups.values()) {
    group.sort(bySeq);
    const first = group[0]!;
    const row: StepUpsert = {
      sagaId: first.sagaId,
      round: first.round,
      index: first.index,
      phase: first.phase,
      attempt: first.attempt,
      name: first.name,
      // a row only a late reply created: its step had timed out
      status: 'timed-out',
      statusSeq: -1,
      startedMs: null,
      endedMs: null,
      error: null,
      retryInMs: null,
      lateReplies: [],
      payload: null,
      payloadType: null,
      eventIds: [],
    };
    const ids = new Set<string>();
    for (const change of group) {
      if (change.status !== null) {
        row.status = change.status;
        row.statusSeq = change.seq;
      }
      if (change.startedMs !== null)
        row.startedMs = Math.min(row.startedMs ?? change.startedMs, change.startedMs);
      row.endedMs = change.endedMs ?? row.endedMs;
      row.error = change.error ?? row.error;
      row.retryInMs = change.retryInMs ?? row.retryInMs;
      if (change.payload !== null) {
        row.payload = change.payload;
        row.payloadType = change.payloadType;
      }
      const late = change.lateReply;
      if (late && !row.lateReplies.some((r) => r.seq === late.seq)) row.lateReplies.push(late);
      for (const id of change.eventIds) if (!ids.has(id)) ids.add(id);
    }
    row.eventIds = [...ids];
    out.push(row);
  }
  return out.sort(
    (a, b) =>
      compare(a.sagaId, b.sagaId) ||
      a.round - b.round ||
      a.index - b.index ||
      compare(a.phase, b.phase) ||
      a.attempt - b.attempt,
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
