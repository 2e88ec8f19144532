import { describe, expect, it } from 'vitest';
import type { Health } from '@/server/contracts/health';
import { demoCanHelp, downDependencies } from './dependencies';

const report = (redisOk: boolean, storeOk: boolean): Health => ({
  status: redisOk && storeOk ? 'healthy' : 'unhealthy',
  redis: redisOk
    ? { ok: true, latencyMs: 0.3, version: '7.4.1' }
    : {
        ok: false,
        latencyMs: null,
        version: null,
        error: 'connect ECONNREFUSED 127.0.0.1:6390',
        target: 'redis://:***@127.0.0.1:6390',
        check: 'Is Redis running and reachable at 127.0.0.1:6390? REDIS_URL sets the address (and password).',
      },
  store: storeOk
    ? { ok: true, kind: 'postgres', latencyMs: 1 }
    : { ok: false, kind: 'postgres', latencyMs: null, error: 'connect ECONNREFUSED 127.0.0.1:5499' },
  recorder: null,
  uptimeS: 1,
  checkedAt: '2026-01-01T00:00:00.000Z',
});

describe('downDependencies', () => {
  it('lists what is down with its cause, address and what to check, Redis first', () => {
    expect(downDependencies(report(false, false))).toEqual([
      {
        name: 'Redis',
        cause: 'connect ECONNREFUSED 127.0.0.1:6390',
        target: 'redis://:***@127.0.0.1:6390',
        check: 'Is Redis running and reachable at 127.0.0.1:6390? REDIS_URL sets the address (and password).',
      },
      { name: 'The store', cause: 'connect ECONNREFUSED 127.0.0.1:5499', target: null, check: null },
    ]);
    expect(downDependencies(report(true, true))).toEqual([]);
    expect(downDependencies(undefined)).toEqual([]);
  });
});

describe('demoCanHelp', () => {
  it('only while both answer: with Redis or the store down, `npm run demo` would fail the same way', () => {
    expect(demoCanHelp(report(true, true))).toBe(true);
    expect(demoCanHelp(report(false, true))).toBe(false);
    expect(demoCanHelp(report(true, false))).toBe(false);
    expect(demoCanHelp(undefined)).toBe(false);
  });
});
