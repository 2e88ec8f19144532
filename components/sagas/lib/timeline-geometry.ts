/**
 * Where the saga timeline draws each phase (a step's forward run or its compensation) on one time
 * axis from the instance's start to its end (or now, while it runs): the phase's bar, each attempt
 * inside it, the backoff before a retry, each timeout and each late reply. Positions are fractions of
 * the track (0..1). Pure, so the drawing is tested without a browser.
 */
import type { SagaPhase } from '@/server/contracts/sagas';

export interface TimeScale {
  startMs: number;
  endMs: number;
  /** A time as a fraction of the track, clamped to it. */
  x(ms: number): number;
}

/**
 * The axis: the instance's start to its end, or to `nowMs` while it runs. A zero-length span (all in
 * one millisecond) still gets a width, so its bars are not divided by zero.
 */
export function timeScale(startedAt: string, endedAt: string | null, nowMs: number): TimeScale {
  const startMs = Date.parse(startedAt);
  const endMs = Math.max(startMs + 1, endedAt ? Date.parse(endedAt) : nowMs);
  const span = endMs - startMs;
  return { startMs, endMs, x: (ms) => Math.min(1, Math.max(0, (ms - startMs) / span)) };
}

export interface Segment {
  x0: number;
  x1: number;
}

export interface AttemptGeometry extends Segment {
  attempt: number;
  outcome: SagaPhase['attempts'][number]['outcome'];
}

export interface PhaseGeometry {
  /** The whole phase; null when it never started. */
  bar: Segment | null;
  attempts: AttemptGeometry[];
  /** Waits between a failed attempt and the next one. */
  backoffs: Segment[];
  /** Where an attempt timed out. */
  timeouts: number[];
  /** Where a reply came after its timeout (recorded, ignored). */
  lateReplies: number[];
}

const parse = (iso: string | null, fallback: number) => (iso ? Date.parse(iso) : fallback);

/** Where `phase` sits on `scale`. An open phase or attempt runs to `nowMs` (the scale clamps it). */
export function phaseGeometry(phase: SagaPhase, scale: TimeScale, nowMs: number): PhaseGeometry {
  const open = Math.min(nowMs, scale.endMs);
  const attempts = phase.attempts.map((attempt) => {
    const start = parse(attempt.startedAt, parse(phase.startedAt, scale.startMs));
    const end = parse(attempt.endedAt, open);
    return {
      attempt: attempt.attempt,
      outcome: attempt.outcome,
      x0: scale.x(start),
      x1: scale.x(Math.max(start, end)),
    };
  });
  const backoffs: Segment[] = [];
  for (let i = 1; i < attempts.length; i += 1) {
    const before = attempts[i - 1]!;
    const next = attempts[i]!;
    if (next.x0 > before.x1) backoffs.push({ x0: before.x1, x1: next.x0 });
  }
  const firstStart = phase.startedAt ?? phase.attempts[0]?.startedAt ?? null;
  const bar = firstStart
    ? { x0: scale.x(Date.parse(firstStart)), x1: scale.x(parse(phase.endedAt, open)) }
    : null;
  if (bar && bar.x1 < bar.x0) bar.x1 = bar.x0;
  return {
    bar,
    attempts,
    backoffs,
    timeouts: attempts.filter((attempt) => attempt.outcome === 'timed-out').map((attempt) => attempt.x1),
    lateReplies: phase.lateReplies.map((reply) => scale.x(Date.parse(reply.at))),
  };
}

/** A timeline entry: a step and its compensation in one round of the instance. */
export interface RoundEntry {
  round: number;
  step: SagaPhase;
  compensation: SagaPhase | null;
}

export interface RoundGeometry<E extends RoundEntry> {
  round: number;
  entries: E[];
  /** From the round's first start to its last end (or now); null when nothing in it started. */
  span: Segment | null;
}

/**
 * The entries by round, oldest first, each with where it ran on `scale`: an instance an operator
 * retried after it compensated ran its steps again, and the timeline shows each run apart.
 */
export function roundGeometry<E extends RoundEntry>(
  entries: readonly E[],
  scale: TimeScale,
  nowMs: number,
): RoundGeometry<E>[] {
  const rounds = new Map<number, RoundGeometry<E>>();
  for (const entry of entries) {
    let round = rounds.get(entry.round);
    if (!round) {
      round = { round: entry.round, entries: [], span: null };
      rounds.set(entry.round, round);
    }
    round.entries.push(entry);
    for (const phase of [entry.step, entry.compensation]) {
      const bar = phase ? phaseGeometry(phase, scale, nowMs).bar : null;
      if (!bar) continue;
      round.span = round.span
        ? { x0: Math.min(round.span.x0, bar.x0), x1: Math.max(round.span.x1, bar.x1) }
        : { ...bar };
    }
  }
  return [...rounds.values()].sort((a, b) => a.round - b.round);
}
