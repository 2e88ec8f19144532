import { describe, expect, it } from 'vitest';
import { summariseDeliveries } from './deliveries';
import type { TraceDeliveryRow } from './types';

const row = (overrides: Partial<TraceDeliveryRow>): TraceDeliveryRow => ({
  eventId: 'e1',
  group: 'g',
  service: 'svc',
  consumer: 'c1',
  outcome: 'handled',
  attempt: 1,
  durationMs: 10,
  error: null,
  atMs: 1_000,
  ...overrides,
});
const base = { traceStartMs: 0, eventTimes: new Map([['e1', 500]]), deadLetters: [], replays: [] };

describe('summariseDeliveries', () => {
  it('orders attempts, measures backoff, queue wait and handler time per group', () => {
    const out = summariseDeliveries(
      [
        row({ outcome: 'handled', attempt: 3, atMs: 1_400, durationMs: 20 }),
        row({ outcome: 'retried', attempt: 1, atMs: 600, durationMs: 10, error: 'busy' }),
        row({ outcome: 'retried', attempt: 2, atMs: 900, durationMs: 50 }),
        row({ group: 'other', outcome: 'duplicate', atMs: 700, durationMs: null }),
      ],
      base,
    );
    const [g, other] = out.get('e1')!;
    expect(g).toMatchObject({
      outcome: 'handled',
      queueWaitMs: 90,
      handlerMs: 80,
      startMs: 590,
      endMs: 1_400,
    });
    expect(g!.attempts.map((a) => [a.attempt, a.delayMs])).toEqual([
      [1, null],
      [2, 250],
      [3, 480],
    ]);
    expect(other).toMatchObject({ outcome: 'duplicate', queueWaitMs: null, handlerMs: null, startMs: null });
  });

  it('ends in the dead letter: dead-lettered, replayed with its job and event, or discarded', () => {
    const failed = [row({ outcome: 'failed' }), row({ outcome: 'dead-lettered', atMs: 1_001 })];
    const letter = {
      id: 'dl-1',
      eventId: 'e1',
      group: 'g',
      category: 'poison',
      errorName: 'Error',
      errorMessage: 'x',
      lastFailureAtMs: 1_001,
    };
    const outcome = (status: string, replays = [] as Parameters<typeof summariseDeliveries>[1]['replays']) =>
      summariseDeliveries(failed, { ...base, deadLetters: [{ ...letter, status }], replays }).get('e1')![0]!;
    expect(outcome('pending')).toMatchObject({
      outcome: 'dead-lettered',
      deadLetterId: 'dl-1',
      replayJobId: null,
    });
    expect(outcome('discarded').outcome).toBe('discarded');
    const replay = {
      jobId: 'job-1',
      letterId: 'dl-1',
      eventId: 'e1',
      newEventId: 'e1-edited',
      state: 'replayed',
      atMs: 2_000,
    };
    expect(outcome('replayed', [replay])).toMatchObject({
      outcome: 'replayed',
      replayJobId: 'job-1',
      replayEventId: 'e1-edited',
    });
  });

  it('says retrying and in flight while a delivery has not ended', () => {
    expect(summariseDeliveries([row({ outcome: 'retried' })], base).get('e1')![0]!.outcome).toBe('retrying');
    expect(summariseDeliveries([row({ outcome: 'ack-refused' })], base).get('e1')![0]!.outcome).toBe(
      'in-flight',
    );
  });
});
