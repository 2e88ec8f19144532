import { describe, expect, it } from 'vitest';
import type { Health } from '@/server/contracts/health';
import { presentHealth } from './present-health';

const leaky = 'redis://:sekret@cache.internal:6380';

const health = (): Health => ({
  status: 'degraded',
  redis: { ok: false, latencyMs: null, version: null, error: `no answer from ${leaky}`, target: leaky },
  store: { ok: true, kind: 'pglite', latencyMs: 1 },
  recorder: {
    state: 'degraded',
    lagMs: 0,
    eventsPerSec: 0,
    lastCommitAt: null,
    discovery: {
      mode: 'scan',
      scanEveryMs: 60_000,
      reason: `CONFIG SET notify-keyspace-events failed on ${leaky}: NOPERM`,
    },
    reason: `cannot read from ${leaky}`,
  },
  uptimeS: 1,
  checkedAt: new Date(0).toISOString(),
});

describe('presentHealth', () => {
  it('hides the password in every text of the report, the discovery reason included', () => {
    const presented = presentHealth(health());
    expect(JSON.stringify(presented)).not.toContain('sekret');
    expect(presented.recorder?.discovery).toEqual({
      mode: 'scan',
      scanEveryMs: 60_000,
      reason: 'CONFIG SET notify-keyspace-events failed on redis://:***@cache.internal:6380: NOPERM',
    });
  });

  it('keeps a report without discovery or recorder as it is shaped', () => {
    const { discovery: _discovery, ...recorder } = health().recorder!;
    expect(presentHealth({ ...health(), recorder }).recorder).not.toHaveProperty('discovery');
    expect(presentHealth({ ...health(), recorder: null }).recorder).toBeNull();
  });
});
