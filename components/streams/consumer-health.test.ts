import { describe, expect, it } from 'vitest';
import type { ConsumerDetail } from '@/server/contracts/bus-state';
import { consumerVerdict, isUnhealthy } from './consumer-health';

const STUCK = 60_000;

/** As GET /api/groups reports an SDK consumer of the demo. */
const validate: ConsumerDetail = {
  name: 'validate-vm-14728-9bdd',
  pending: 5,
  idleMs: 25,
  inactiveMs: 25,
  service: 'validate',
  state: 'running',
  alive: true,
  lastSeenAt: '2026-11-22T15:32:40.000Z',
  inFlight: 5,
};

/** The recorder's consumer: no heartbeat. */
const recorder: ConsumerDetail = {
  name: 'recorder-vm-14728-b752',
  pending: 12,
  idleMs: 25,
  inactiveMs: 25,
  service: null,
  state: null,
  alive: null,
  lastSeenAt: null,
  inFlight: null,
};

describe('consumerVerdict', () => {
  it('calls a fresh SDK consumer running', () => {
    expect(consumerVerdict(validate, STUCK)).toMatchObject({ status: 'running', tone: 'ok' });
    expect(consumerVerdict({ ...validate, pending: 0, idleMs: 600_000 }, STUCK).status).toBe('running');
  });

  it('flags a silent heartbeat as dead, whatever Redis says', () => {
    const dead = consumerVerdict({ ...validate, alive: false }, STUCK);
    expect(dead).toMatchObject({ status: 'dead', tone: 'failing', label: 'No heartbeat' });
    expect(isUnhealthy(dead)).toBe(true);
  });

  it('reads the circuit breaker from the heartbeat state', () => {
    expect(consumerVerdict({ ...validate, state: 'open' }, STUCK).status).toBe('breaker-open');
    expect(consumerVerdict({ ...validate, state: 'half-open' }, STUCK)).toMatchObject({
      status: 'breaker-half-open',
      tone: 'degraded',
    });
  });

  it('flags any consumer holding pending entries without reading for the stuck threshold', () => {
    const held = consumerVerdict({ ...recorder, idleMs: 61_000 }, STUCK);
    expect(held).toMatchObject({ status: 'idle-with-pending', tone: 'degraded' });
    expect(held.why).toContain('12 pending');
    expect(consumerVerdict({ ...validate, idleMs: 60_000 }, STUCK).status).toBe('idle-with-pending');
  });

  it('judges consumers without a heartbeat by their idle time alone', () => {
    expect(consumerVerdict(recorder, STUCK)).toMatchObject({ status: 'active', tone: 'ok' });
    const quiet = consumerVerdict({ ...recorder, pending: 0, idleMs: 3_600_000 }, STUCK);
    expect(quiet).toMatchObject({ status: 'idle', tone: 'neutral' });
    expect(isUnhealthy(quiet)).toBe(false);
  });

  it('shows starting and stopping as they are', () => {
    expect(consumerVerdict({ ...validate, state: 'stopping' }, STUCK)).toMatchObject({
      status: 'stopping',
      tone: 'neutral',
    });
  });
});
