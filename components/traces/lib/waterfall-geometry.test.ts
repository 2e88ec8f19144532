import { describe, expect, it } from 'vitest';
import { traceDelivery, traceNode } from './trace-fixtures';
import { busyIntervals, deliverySpans, nodeSpan } from './waterfall-geometry';

describe('waterfall geometry', () => {
  it('splits a delivery into its queue wait and its attempts, and keeps queue waits out of the busy time', () => {
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const delivery = traceDelivery({
      startMs: 100,
      endMs: 5_130,
      attempts: [
        {
          attempt: 1,
          outcome: 'retried',
          at: '2026-01-01T00:00:00.110Z',
          durationMs: 10,
          error: 'boom',
          delayMs: null,
        },
        {
          attempt: 2,
          outcome: 'handled',
          at: '2026-01-01T00:00:05.130Z',
          durationMs: 20,
          error: null,
          delayMs: 5_000,
        },
      ],
    });
    const node = traceNode({ id: 'a', offsetMs: 40, deliveries: [delivery] });
    expect(deliverySpans(node, delivery, start)).toEqual({
      queue: { start: 40, end: 100 },
      attempts: [
        { start: 100, end: 110, outcome: 'retried' },
        { start: 5_110, end: 5_130, outcome: 'handled' },
      ],
    });
    expect(nodeSpan(node)).toEqual({ start: 40, end: 5_130 });
    expect(busyIntervals([node], start)).toEqual([
      { start: 40, end: 40 },
      { start: 100, end: 110, outcome: 'retried' },
      { start: 5_110, end: 5_130, outcome: 'handled' },
    ]);
  });
});
