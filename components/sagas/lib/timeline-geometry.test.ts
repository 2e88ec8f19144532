import { describe, expect, it } from 'vitest';
import type { SagaPhase } from '@/server/contracts/sagas';
import { phaseGeometry, roundGeometry, timeScale } from './timeline-geometry';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function phase(overrides: Partial<SagaPhase>): SagaPhase {
  return {
    name: 'charge',
    status: 'completed',
    startedAt: at(0),
    endedAt: at(1_000),
    attempts: [],
    lateReplies: [],
    eventIds: [],
    ...overrides,
  };
}

describe('timeScale', () => {
  it('spans the instance, or up to now while it runs, and clamps to the track', () => {
    const ended = timeScale(at(0), at(2_000), T0 + 60_000);
    expect([ended.x(T0), ended.x(T0 + 1_000), ended.x(T0 + 5_000), ended.x(T0 - 5)]).toEqual([0, 0.5, 1, 0]);
    const running = timeScale(at(0), null, T0 + 4_000);
    expect(running.x(T0 + 1_000)).toBe(0.25);
    // everything in one millisecond still draws
    expect(Number.isFinite(timeScale(at(0), at(0), T0).x(T0))).toBe(true);
  });
});

describe('phaseGeometry', () => {
  const scale = timeScale(at(0), at(10_000), T0 + 10_000);

  it('draws each attempt, the backoff between them and where one timed out', () => {
    const geometry = phaseGeometry(
      phase({
        startedAt: at(1_000),
        endedAt: at(6_000),
        attempts: [
          {
            attempt: 1,
            startedAt: at(1_000),
            endedAt: at(3_000),
            outcome: 'timed-out',
            error: null,
            retryInMs: 1_000,
          },
          {
            attempt: 2,
            startedAt: at(4_000),
            endedAt: at(6_000),
            outcome: 'completed',
            error: null,
            retryInMs: null,
          },
        ],
        lateReplies: [{ at: at(3_500), eventId: 'reply-1' }],
      }),
      scale,
      T0 + 10_000,
    );
    expect(geometry.bar).toEqual({ x0: 0.1, x1: 0.6 });
    expect(geometry.attempts.map(({ x0, x1, outcome }) => [x0, x1, outcome])).toEqual([
      [0.1, 0.3, 'timed-out'],
      [0.4, 0.6, 'completed'],
    ]);
    expect(geometry.backoffs).toEqual([{ x0: 0.3, x1: 0.4 }]);
    expect(geometry.timeouts).toEqual([0.3]);
    expect(geometry.lateReplies).toEqual([0.35]);
  });

  it('runs an open phase to now and leaves a phase that never started without a bar', () => {
    const running = timeScale(at(0), null, T0 + 4_000);
    const open = phaseGeometry(
      phase({
        startedAt: at(2_000),
        endedAt: null,
        status: 'running',
        attempts: [
          {
            attempt: 1,
            startedAt: at(2_000),
            endedAt: null,
            outcome: 'running',
            error: null,
            retryInMs: null,
          },
        ],
      }),
      running,
      T0 + 4_000,
    );
    expect(open.bar).toEqual({ x0: 0.5, x1: 1 });
    expect(open.attempts[0]).toMatchObject({ x0: 0.5, x1: 1 });
    expect(
      phaseGeometry(phase({ startedAt: null, endedAt: null, status: 'pending' }), scale, T0).bar,
    ).toBeNull();
  });
});

describe('roundGeometry', () => {
  const scale = timeScale(at(0), at(10_000), T0 + 10_000);
  const entry = (
    round: number,
    step: Partial<SagaPhase>,
    compensation: Partial<SagaPhase> | null = null,
  ) => ({
    round,
    step: phase(step),
    compensation: compensation ? phase(compensation) : null,
  });

  it('groups the entries by round, oldest first, each spanning what ran in it', () => {
    const rounds = roundGeometry(
      [
        entry(1, { startedAt: at(6_000), endedAt: at(7_000) }),
        entry(0, { startedAt: at(1_000), endedAt: at(2_000) }, { startedAt: at(3_000), endedAt: at(4_000) }),
        entry(0, { status: 'skipped', startedAt: null, endedAt: null }),
        entry(1, { status: 'running', startedAt: at(8_000), endedAt: null }),
      ],
      scale,
      T0 + 9_000,
    );
    expect(rounds.map((r) => [r.round, r.entries.length, r.span])).toEqual([
      [0, 2, { x0: 0.1, x1: 0.4 }],
      // a phase still running reaches now
      [1, 2, { x0: 0.6, x1: 0.9 }],
    ]);
  });

  it('has no span for a round where nothing started', () => {
    const [only] = roundGeometry(
      [entry(0, { status: 'pending', startedAt: null, endedAt: null })],
      scale,
      T0,
    );
    expect(only).toMatchObject({ round: 0, span: null });
  });
});
