import { describe, expect, it } from 'vitest';
import type { Overview } from '@/server/contracts/overview';
import { nothingSeen } from './nothing-seen';

const EMPTY: Overview = {
  generatedAt: '2025-03-01T12:01:00.493Z',
  windowSeconds: 60,
  eventsPerSec: 0,
  handledPerSec: 0,
  errorRate: 0,
  deadLetters: { pending: 0, lastMinute: 0, inStreams: 0 },
  worstLag: null,
  topics: 0,
  groups: 0,
  services: { total: 0, live: 0 },
  consumers: { total: 0, unhealthy: 0 },
  unhealthyConsumers: [],
  redis: { ok: true },
};

describe('nothingSeen', () => {
  it('is true on a fresh install', () => {
    expect(nothingSeen(EMPTY)).toBe(true);
  });

  it('is false once a topic exists, even an idle one, or a dead letter waits', () => {
    expect(nothingSeen({ ...EMPTY, topics: 1 })).toBe(false);
    expect(nothingSeen({ ...EMPTY, services: { total: 1, live: 0 } })).toBe(false);
    expect(nothingSeen({ ...EMPTY, deadLetters: { pending: 2, lastMinute: 0, inStreams: null } })).toBe(
      false,
    );
  });
});
