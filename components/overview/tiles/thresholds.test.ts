import { describe, expect, it } from 'vitest';
import type { LagModel } from '@/server/contracts/lag';
import type { UnhealthyConsumer } from '@/server/contracts/overview';
import { consumersTone, deadLetterTone, errorRateTone, lagTone, summarizeReasons } from './thresholds';

describe('tile tones', () => {
  it('error rate turns amber at 5 % and red at 50 %', () => {
    expect(errorRateTone(0)).toBe('neutral');
    expect(errorRateTone(0.049)).toBe('neutral');
    expect(errorRateTone(0.05)).toBe('degraded');
    expect(errorRateTone(0.5)).toBe('failing');
  });

  it('lag turns amber only when the lag model says not draining, whatever its size', () => {
    expect(lagTone(null)).toBe('neutral');
    expect(lagTone({ tone: 'ok' } as LagModel)).toBe('neutral');
    expect(lagTone({ tone: 'unknown' } as LagModel)).toBe('neutral');
    expect(lagTone({ tone: 'degraded' } as LagModel)).toBe('degraded');
  });

  it('dead letters: waiting is amber, new in the last minute is red', () => {
    expect(deadLetterTone({ pending: 0, lastMinute: 0, inStreams: 0 })).toBe('neutral');
    expect(deadLetterTone({ pending: 4, lastMinute: 0, inStreams: 4 })).toBe('degraded');
    expect(deadLetterTone({ pending: 5, lastMinute: 1, inStreams: null })).toBe('failing');
  });

  it('consumers: some unhealthy is amber, all of them red', () => {
    expect(consumersTone({ total: 4, unhealthy: 0 })).toBe('neutral');
    expect(consumersTone({ total: 4, unhealthy: 1 })).toBe('degraded');
    expect(consumersTone({ total: 2, unhealthy: 2 })).toBe('failing');
  });
});

describe('summarizeReasons', () => {
  const consumer = (reason: UnhealthyConsumer['reason']): UnhealthyConsumer => ({
    topic: 'threat.signals',
    group: 'validate',
    consumer: 'validate-1',
    service: 'validate',
    reason,
    pending: null,
    idleMs: null,
    lastSeenAt: null,
  });

  it('counts reasons, most frequent first', () => {
    expect(summarizeReasons([consumer('breaker-open'), consumer('silent'), consumer('silent')])).toBe(
      '2 silent · 1 breaker open',
    );
    expect(summarizeReasons([])).toBe('');
  });
});
