import { describe, expect, it } from 'vitest';
import type { GroupSummary, GroupsResponse } from '@/server/contracts/groups';
import type { StreamSummary } from '@/server/contracts/streams';
import { buildGroupRows, groupHealth, matchesFilter } from './group-rows';

const histogram = { idleHistogram: [], deliveryHistogram: [] };

const siem: GroupSummary = {
  topic: 'threat.analyzed',
  stream: 'el:{threat.analyzed}:stream',
  name: 'siem-export',
  lag: 482,
  pending: 5,
  lastDeliveredId: '1795361561738-0',
  entriesRead: 1_204,
  consumers: [
    {
      name: 'siem-exporter-vm-14728-7bc9',
      pending: 4,
      idleMs: 25,
      inactiveMs: 25,
      service: 'siem-exporter',
      state: 'running',
      alive: true,
      lastSeenAt: '2026-11-22T15:32:40.000Z',
      inFlight: 4,
    },
  ],
  pendingEntries: {
    total: 5,
    sampled: 5,
    oldestId: '1795361561000-0',
    ...histogram,
    stuckCount: 0,
    stuck: [],
  },
  handledPerSec: 16.5,
  failedPerSec: 0,
  errorRate: 0,
  lagTrend: new Array<number | null>(90).fill(null),
  lagModel: {
    lag: 482,
    at: '2026-11-22T15:32:42.906Z',
    state: 'not-draining',
    tone: 'degraded',
    trend: null,
    clear: null,
    laggingSince: null,
    oldestPendingAgeMs: 1_000,
    inFlightAllowance: 165,
  },
};

const response: GroupsResponse = {
  generatedAt: '2026-11-22T15:32:42.906Z',
  windowSeconds: 60,
  stuckAfterMs: 60_000,
  sampleSize: 1_000,
  lagTrend: { from: '2026-11-22T15:17:50.000Z', stepSeconds: 10, points: 90 },
  groups: [siem],
};

const analyzed = { topic: 'threat.analyzed', eventsPerSec: 33.1 } as StreamSummary;

describe('buildGroupRows', () => {
  it('joins the topic rate and takes the server’s lag verdict into its health', () => {
    const [row] = buildGroupRows(response, [analyzed]);
    expect(row).toMatchObject({
      key: 'threat.analyzed/siem-export',
      inPerSec: 33.1,
      lag: { state: 'not-draining', lag: 482 },
      liveConsumers: 1,
      unhealthyConsumers: 0,
      health: { tone: 'degraded', reasons: ['not draining'] },
    });
    expect(row!.consumers[0]!.verdict.status).toBe('running');
  });

  it('fails a group whose consumers all went silent while entries wait', () => {
    const silent = {
      ...siem,
      consumers: siem.consumers.map((c) => ({ ...c, alive: false })),
    };
    const [row] = buildGroupRows({ ...response, groups: [silent] }, [analyzed]);
    expect(row).toMatchObject({ liveConsumers: 0, unhealthyConsumers: 1 });
    expect(row!.health).toEqual({ tone: 'failing', reasons: ['no live consumer', 'not draining'] });
  });

  it('leaves the rate unknown for a topic the streams answer does not list', () => {
    const [row] = buildGroupRows(response, []);
    expect(row!.inPerSec).toBeNull();
  });
});

describe('groupHealth', () => {
  const calm = { state: 'caught-up' } as const;

  it('is ok when caught up with live consumers, neutral without consumers or work', () => {
    expect(groupHealth({ ...siem, lag: 0 }, calm, 1, 1, 0)).toEqual({ tone: 'ok', reasons: [] });
    expect(groupHealth({ ...siem, lag: 0, pending: 0 }, calm, 0, 0, 0).tone).toBe('neutral');
    expect(groupHealth({ ...siem, lag: 3, pending: 0 }, calm, 0, 0, 0)).toEqual({
      tone: 'failing',
      reasons: ['no consumers'],
    });
  });

  it('grades error rates and counts stuck entries', () => {
    expect(groupHealth({ ...siem, errorRate: 0.07 }, calm, 1, 1, 0).reasons).toEqual(['7% of attempts fail']);
    expect(groupHealth({ ...siem, errorRate: 0.5 }, calm, 1, 1, 0).tone).toBe('failing');
    const stuck = { ...siem.pendingEntries, stuckCount: 3 };
    expect(groupHealth({ ...siem, pendingEntries: stuck }, calm, 2, 2, 1)).toEqual({
      tone: 'degraded',
      reasons: ['3 stuck', '1 consumer unhealthy'],
    });
  });
});

describe('matchesFilter', () => {
  it('matches any field, ignoring case and surrounding spaces', () => {
    expect(matchesFilter(' SIEM ', 'threat.analyzed', 'siem-export')).toBe(true);
    expect(matchesFilter('analyzed', 'threat.analyzed', 'siem-export')).toBe(true);
    expect(matchesFilter('tickets', 'threat.analyzed', 'siem-export')).toBe(false);
    expect(matchesFilter('', 'anything')).toBe(true);
  });
});
