import { describe, expect, it } from 'vitest';
import type { SagaPhase } from '@/server/contracts/sagas';
import { phaseFacts } from './phase-facts';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const attempt = (n: number, outcome: SagaPhase['attempts'][number]['outcome']) => ({
  attempt: n,
  startedAt: at(0),
  endedAt: at(100),
  outcome,
  error: null,
  retryInMs: null,
});

describe('phaseFacts', () => {
  it('says how long, how many attempts, timeouts and late replies', () => {
    const phase: SagaPhase = {
      name: 'charge',
      status: 'completed',
      startedAt: at(0),
      endedAt: at(1_200),
      attempts: [attempt(1, 'timed-out'), attempt(2, 'failed'), attempt(3, 'completed')],
      lateReplies: [{ at: at(500), eventId: null }],
      eventIds: [],
    };
    expect(phaseFacts(phase, T0)).toBe('1.2 s · 3 attempts · 1 timeout · 1 late reply');
  });

  it('counts an open phase up to now and names one that never ran', () => {
    const base: SagaPhase = {
      name: 'ship',
      status: 'running',
      startedAt: at(0),
      endedAt: null,
      attempts: [],
      lateReplies: [],
      eventIds: [],
    };
    expect(phaseFacts(base, T0 + 250)).toBe('250 ms so far');
    expect(phaseFacts({ ...base, status: 'pending', startedAt: null }, T0)).toBe('not run');
    expect(phaseFacts({ ...base, status: 'skipped', startedAt: null }, T0)).toBe('skipped');
  });
});
