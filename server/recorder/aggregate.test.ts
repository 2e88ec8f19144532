import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS_MS } from '@/db/schema';
import { aggregate, floorTo, LATENCY_BUCKET_COUNT, latencyBucket } from './aggregate';
import type { DeliveryRow, EventRow } from './project';

const T = Date.UTC(2026, 0, 1, 0, 0, 0);

function event(topic: string, publishedMs: number, service: string | null, sizeBytes = 100): EventRow {
  return {
    source: service ? `/services/${service}` : topic,
    eventId: `${topic}-${publishedMs}-${Math.random()}`,
    time: new Date(publishedMs).toISOString(),
    timeMs: publishedMs,
    topic,
    stream: `el:{${topic}}:stream`,
    entryId: `${publishedMs}-0`,
    publishedMs,
    type: 't',
    subject: null,
    correlationId: null,
    causationId: null,
    traceparent: null,
    tenantId: null,
    dataVersion: null,
    sensitivity: null,
    dataJson: null,
    rawFields: null,
    foreign: service === null,
    decodeError: null,
    sizeBytes,
    service,
  };
}

function delivery(outcome: DeliveryRow['outcome'], atMs: number, durationMs: number | null): DeliveryRow {
  return {
    topic: 'orders',
    entryId: `${atMs}-0`,
    group: 'billing',
    consumer: 'b-1',
    service: 'billing',
    eventId: null,
    type: null,
    correlationId: null,
    outcome,
    attempt: 1,
    durationMs,
    category: null,
    error: null,
    atMs,
  };
}

describe('aggregate', () => {
  it('counts published events per topic in 10 s and 1 min buckets, by when they reached the stream', () => {
    const { rollups } = aggregate(
      [
        event('orders', T + 1_000, 'shop'),
        event('orders', T + 9_999, 'shop'),
        event('orders', T + 10_000, 'shop'),
        event('legacy', T, null),
      ],
      [],
    );
    const topic = rollups.filter((r) => r.scope === 'topic');
    expect(topic.map((r) => [r.resolution, r.key, r.bucketMs - T, r.count])).toEqual([
      ['10s', 'legacy', 0, 1],
      ['10s', 'orders', 0, 2],
      ['10s', 'orders', 10_000, 1],
      ['1m', 'legacy', 0, 1],
      ['1m', 'orders', 0, 3],
    ]);
    expect(topic.every((r) => r.latencyBuckets.length === 0)).toBe(true);
  });

  it('builds publishes edges and service nodes from SDK events only', () => {
    const { edges, services } = aggregate(
      [event('orders', T + 5, 'shop', 100), event('orders', T + 7, 'shop', 300), event('legacy', T, null)],
      [],
    );
    expect(edges).toEqual([
      {
        kind: 'publishes',
        from: 'shop',
        to: 'orders',
        events: 2,
        failures: 0,
        latencyBuckets: [],
        lastSeenMs: T + 7,
      },
    ]);
    expect(services).toEqual([
      {
        service: 'shop',
        source: '/services/shop',
        lastSeenMs: T + 7,
        eventsPublished: 2,
        meanSizeBytes: 200,
      },
    ]);
  });

  it('rolls up delivery outcomes and handler latency per group, and the delivers edge', () => {
    const { rollups, edges } = aggregate(
      [],
      [
        delivery('handled', T + 1, 3),
        delivery('handled', T + 2, 30_000),
        delivery('retried', T + 3, 1),
        delivery('failed', T + 4, 2),
        delivery('dead-lettered', T + 5, null),
        delivery('ack-refused', T + 6, 1),
        // skipped by the idempotent consumer: neither handled nor failed, and no handler latency
        delivery('duplicate', T + 7, 0.2),
      ],
    );
    const group = rollups.find((r) => r.resolution === '10s' && r.scope === 'group')!;
    expect(group).toMatchObject({
      key: 'orders/billing',
      bucketMs: T,
      count: 2,
      retried: 1,
      failed: 1,
      deadLettered: 1,
      latencySumMs: 3 + 30_000 + 1 + 2 + 1,
      latencyMaxMs: 30_000,
    });
    expect(group.latencyBuckets).toHaveLength(LATENCY_BUCKET_COUNT);
    expect(group.latencyBuckets[latencyBucket(3)]).toBe(1);
    expect(group.latencyBuckets[LATENCY_BUCKET_COUNT - 1]).toBe(1);
    expect(edges).toEqual([
      expect.objectContaining({
        kind: 'delivers',
        from: 'orders',
        to: 'billing',
        events: 2,
        failures: 2,
        lastSeenMs: T + 7,
      }),
    ]);
  });

  it('places latencies in LATENCY_BUCKETS_MS', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(1)).toBe(0);
    expect(latencyBucket(1.01)).toBe(1);
    expect(latencyBucket(10_000)).toBe(LATENCY_BUCKETS_MS.length - 1);
    expect(latencyBucket(10_001)).toBe(LATENCY_BUCKETS_MS.length);
  });

  it('floors to buckets', () => {
    expect(floorTo(T + 12_345, 10_000)).toBe(T + 10_000);
  });
});
