import { describe, expect, it } from 'vitest';
import type { Health } from '@/server/contracts/health';
import { connectionState, connectionTooltip } from './connection-state';

function health(redisOk: boolean, storeOk: boolean): Health {
  return {
    status: redisOk && storeOk ? 'healthy' : 'unhealthy',
    redis: { ok: redisOk, latencyMs: redisOk ? 0.4 : null, version: redisOk ? '7.4.1' : null },
    store: { ok: storeOk, kind: 'pglite', latencyMs: storeOk ? 1.25 : null },
    recorder: null,
    uptimeS: 12,
    checkedAt: '2025-01-01T12:00:00.000Z',
  };
}

describe('connectionState', () => {
  it('says reconnecting whenever the socket is down, whatever the last report said', () => {
    expect(connectionState(false, undefined)).toEqual({ label: 'Reconnecting…', tone: 'degraded' });
    expect(connectionState(false, health(false, false)).label).toBe('Reconnecting…');
  });

  it('names the dependency that is down', () => {
    expect(connectionState(true, health(false, true))).toEqual({ label: 'Redis down', tone: 'failing' });
    expect(connectionState(true, health(true, false))).toEqual({ label: 'Store down', tone: 'failing' });
    expect(connectionState(true, health(false, false)).label).toBe('Redis and store down');
  });

  it('says the recorder is not recording when it is degraded while both answer', () => {
    const stuck: Health = {
      ...health(true, true),
      status: 'degraded',
      recorder: {
        state: 'degraded',
        lagMs: 0,
        eventsPerSec: 0,
        lastCommitAt: null,
        reason: 'cannot write to the store: could not extend file: No space left on device',
      },
    };
    expect(connectionState(true, stuck)).toEqual({ label: 'Recorder not recording', tone: 'degraded' });
    // degraded by a passing read error while it records: not "not recording"
    const recording: Health = { ...stuck, recorder: { ...stuck.recorder!, eventsPerSec: 480 } };
    expect(connectionState(true, recording).label).toBe('Connected');
    expect(connectionTooltip(true, stuck)).toContain(
      'Recorder degraded: cannot write to the store: could not extend file: No space left on device',
    );
  });

  it('is connected when the socket is up and both dependencies answer', () => {
    expect(connectionState(true, health(true, true))).toEqual({ label: 'Connected', tone: 'ok' });
    expect(connectionState(true, undefined).label).toBe('Connected');
  });
});

describe('connectionTooltip', () => {
  it('gives latencies and the Redis version', () => {
    const text = connectionTooltip(true, health(true, true));
    expect(text).toContain('Redis 7.4.1: 0.4 ms');
    expect(text).toContain('Store, PGlite (embedded): 1.3 ms');
  });

  it('says when there is nothing to report yet', () => {
    expect(connectionTooltip(false, undefined)).toMatch(/retrying[\s\S]*No health report yet/);
  });
});
