import { Server } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Health } from '@/server/contracts/health';
import { startHealthMonitor, type HealthMonitor } from './health-monitor';
import type { LiveServer } from './socket-server';

/** A store outage whose cause is `cause` (or a healthy report without one). */
function report(cause?: string): Health {
  return {
    status: cause ? 'unhealthy' : 'healthy',
    redis: { ok: true, latencyMs: 1, version: '7.0.0' },
    store: { ok: !cause, kind: 'postgres', latencyMs: cause ? null : 1, ...(cause ? { error: cause } : {}) },
    recorder: null,
    uptimeS: 1,
    checkedAt: new Date().toISOString(),
  };
}

const waitFor = async (done: () => boolean): Promise<void> => {
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 5_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('health monitor', () => {
  let monitor: HealthMonitor | undefined;
  afterEach(() => monitor?.stop());

  it('broadcasts a new cause of an ongoing outage at once, and logs only the status change', async () => {
    const io: LiveServer = new Server({ serveClient: false });
    const sent: Health[] = [];
    vi.spyOn(io, 'emit').mockImplementation((_event, ...args: unknown[]) => {
      sent.push(args[0] as Health);
      return true;
    });
    const probes = [
      report(),
      report('write CONNECTION_CLOSED 127.0.0.1:5432'),
      report('write CONNECTION_CLOSED 127.0.0.1:5432'),
      report('connect ECONNREFUSED 127.0.0.1:5432'),
      report('connect ECONNREFUSED 127.0.0.1:5432'),
    ];
    let probed = 0;
    const changes: string[] = [];
    monitor = startHealthMonitor({
      io,
      intervalMs: 1,
      // no heartbeat in this test: every broadcast is a change
      heartbeatMs: 3_600_000,
      probe: async () => probes[Math.min(probed++, probes.length - 1)]!,
      onChange: (_previous, next) => changes.push(next.status),
    });
    await waitFor(() => probed >= probes.length + 2);

    expect(sent.map((h) => h.store.error ?? 'ok')).toEqual([
      'ok',
      'write CONNECTION_CLOSED 127.0.0.1:5432',
      'connect ECONNREFUSED 127.0.0.1:5432',
    ]);
    expect(changes).toEqual(['healthy', 'unhealthy']);
  });

  it('a single failed probe between good ones is not an outage; two in a row are', async () => {
    const io: LiveServer = new Server({ serveClient: false });
    const sent: Health[] = [];
    vi.spyOn(io, 'emit').mockImplementation((_event, ...args: unknown[]) => {
      sent.push(args[0] as Health);
      return true;
    });
    const slow = 'no answer within 1000 ms';
    const probes = [report(), report(slow), report(), report(slow), report(slow), report()];
    let probed = 0;
    const seen: string[] = [];
    monitor = undefined;
    monitor = startHealthMonitor({
      io,
      intervalMs: 1,
      heartbeatMs: 3_600_000,
      probe: async () => {
        // what /api/health would serve between probes
        seen.push(monitor?.current()?.status ?? 'none');
        return probes[Math.min(probed++, probes.length - 1)]!;
      },
    });
    await waitFor(() => probed >= probes.length + 2);
    expect(sent.map((h) => h.store.error ?? 'ok')).toEqual(['ok', slow, 'ok']);
    // nor did what /api/health serves
    expect(seen.filter((status, i) => status !== seen[i - 1])).toEqual([
      'none',
      'healthy',
      'unhealthy',
      'healthy',
    ]);
  });
});
