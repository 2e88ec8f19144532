/**
 * Per-batch aggregates, computed in memory from the rows a batch actually inserted (so that a batch
 * read twice adds nothing twice) and upserted as increments: one statement per table per batch.
 * Pure; outputs are sorted by key so that concurrent batches lock rows in one order (no deadlocks).
 */
import { LATENCY_BUCKETS_MS } from '@/db/schema';
import type { DeliveryRow, EventRow } from './project';

export type Resolution = '10s' | '1m';
export const RESOLUTIONS: readonly { resolution: Resolution; ms: number }[] = [
  { resolution: '10s', ms: 10_000 },
  { resolution: '1m', ms: 60_000 },
];

/** Buckets in a latency histogram: one per bound of LATENCY_BUCKETS_MS, plus everything above. */
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKETS_MS.length + 1;

export interface RollupRow {
  resolution: Resolution;
  scope: 'topic' | 'group';
  /** The topic, or `<topic>/<group>`. */
  key: string;
  bucketMs: number;
  count: number;
  failed: number;
  retried: number;
  deadLettered: number;
  latencySumMs: number;
  latencyMaxMs: number;
  /** Empty for topic rollups (no latency there). */
  latencyBuckets: number[];
}

export interface EdgeRow {
  kind: 'publishes' | 'delivers';
  from: string;
  to: string;
  events: number;
  failures: number;
  latencyBuckets: number[];
  lastSeenMs: number;
}

export interface ServiceRow {
  service: string;
  source: string;
  lastSeenMs: number;
  eventsPublished: number;
  meanSizeBytes: number;
}

export interface Aggregates {
  rollups: RollupRow[];
  edges: EdgeRow[];
  services: ServiceRow[];
}

/** Index of the histogram bucket a latency falls in. */
export function latencyBucket(ms: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (ms <= LATENCY_BUCKETS_MS[i]!) return i;
  return LATENCY_BUCKETS_MS.length;
}

const SEP = '\u0001';

/**
 * - topic rollups: events published per topic, bucketed by when they reached the stream;
 * - publishes edges and service nodes: SDK events per publishing service;
 * - group rollups (`<topic>/<group>`): handled, failed, retried, dead-lettered, handler latency;
 * - delivers edges (topic -> group): handled events, failed attempts (retried + failed), latency.
 * Rows are accumulated per 10 s bucket first (nested maps, no per-row keys: this runs for every event),
 * then folded into the 1 min buckets.
 */
export function aggregate(events: readonly EventRow[], deliveries: readonly DeliveryRow[]): Aggregates {
  const rollups = new Map<string, RollupRow>();
  const edges = new Map<string, EdgeRow>();

  const rollup = (resolution: Resolution, scope: RollupRow['scope'], key: string, bucketMs: number) => {
    const id = `${resolution}${SEP}${scope}${SEP}${key}${SEP}${bucketMs}`;
    let row = rollups.get(id);
    if (!row) {
      row = emptyRollup(resolution, scope, key, bucketMs);
      rollups.set(id, row);
    }
    return row;
  };
  const edge = (kind: EdgeRow['kind'], from: string, to: string) => {
    const id = `${kind}${SEP}${from}${SEP}${to}`;
    let row = edges.get(id);
    if (!row) {
      row = {
        kind,
        from,
        to,
        events: 0,
        failures: 0,
        latencyBuckets: kind === 'delivers' ? new Array<number>(LATENCY_BUCKET_COUNT).fill(0) : [],
        lastSeenMs: 0,
      };
      edges.set(id, row);
    }
    return row;
  };

  // events: topic -> 10 s bucket -> count; service -> its topics and totals
  const published = new Map<string, Map<number, number>>();
  const services = new Map<string, ServiceRow & { sizeSum: number; topics: Map<string, EdgeRow> }>();
  let topic: string | null = null;
  let buckets: Map<number, number> | undefined;
  for (const event of events) {
    if (event.topic !== topic) {
      topic = event.topic;
      buckets = published.get(topic);
      if (!buckets) published.set(topic, (buckets = new Map()));
    }
    const bucket = floorTo(event.publishedMs, TEN_S);
    buckets!.set(bucket, (buckets!.get(bucket) ?? 0) + 1);
    if (event.service === null) continue;
    let service = services.get(event.service);
    if (!service) {
      service = {
        service: event.service,
        source: event.source,
        lastSeenMs: 0,
        eventsPublished: 0,
        meanSizeBytes: 0,
        sizeSum: 0,
        topics: new Map(),
      };
      services.set(event.service, service);
    }
    service.eventsPublished += 1;
    service.sizeSum += event.sizeBytes;
    if (event.publishedMs >= service.lastSeenMs) {
      service.lastSeenMs = event.publishedMs;
      service.source = event.source;
    }
    let out = service.topics.get(event.topic);
    if (!out) service.topics.set(event.topic, (out = edge('publishes', event.service, event.topic)));
    out.events += 1;
    out.lastSeenMs = Math.max(out.lastSeenMs, event.publishedMs);
  }
  for (const [key, counts] of published) {
    for (const [bucket, n] of counts) {
      rollup('10s', 'topic', key, bucket).count += n;
      rollup('1m', 'topic', key, floorTo(bucket, ONE_MIN)).count += n;
    }
  }

  // deliveries: topic/group -> 10 s bucket -> accumulated rollup
  const groups = new Map<string, { key: string; buckets: Map<number, RollupRow>; delivers: EdgeRow }>();
  let current: { key: string; buckets: Map<number, RollupRow>; delivers: EdgeRow } | undefined;
  let currentTopic: string | null = null;
  let currentGroup: string | null = null;
  for (const delivery of deliveries) {
    if (delivery.topic !== currentTopic || delivery.group !== currentGroup) {
      currentTopic = delivery.topic;
      currentGroup = delivery.group;
      const key = `${delivery.topic}/${delivery.group}`;
      current = groups.get(key);
      if (!current) {
        current = { key, buckets: new Map(), delivers: edge('delivers', delivery.topic, delivery.group) };
        groups.set(key, current);
      }
    }
    const bucketMs = floorTo(delivery.atMs, TEN_S);
    let row = current!.buckets.get(bucketMs);
    if (!row) current!.buckets.set(bucketMs, (row = emptyRollup('10s', 'group', current!.key, bucketMs)));
    count(row, delivery);
    const delivers = current!.delivers;
    if (delivery.outcome === 'handled') delivers.events += 1;
    if (delivery.outcome === 'failed' || delivery.outcome === 'retried') delivers.failures += 1;
    delivers.lastSeenMs = Math.max(delivers.lastSeenMs, delivery.atMs);
    // a duplicate's time is the idempotency check, not the handler's: it would drag latency down
    if (delivery.durationMs !== null && delivery.outcome !== 'duplicate') {
      const bucket = latencyBucket(delivery.durationMs);
      row.latencySumMs += delivery.durationMs;
      row.latencyMaxMs = Math.max(row.latencyMaxMs, delivery.durationMs);
      row.latencyBuckets[bucket]! += 1;
      delivers.latencyBuckets[bucket]! += 1;
    }
  }
  for (const { key, buckets: rows } of groups.values()) {
    for (const [bucketMs, row] of rows) {
      rollups.set(`10s${SEP}group${SEP}${key}${SEP}${bucketMs}`, row);
      const minute = rollup('1m', 'group', key, floorTo(bucketMs, ONE_MIN));
      minute.count += row.count;
      minute.failed += row.failed;
      minute.retried += row.retried;
      minute.deadLettered += row.deadLettered;
      minute.latencySumMs += row.latencySumMs;
      minute.latencyMaxMs = Math.max(minute.latencyMaxMs, row.latencyMaxMs);
      for (let i = 0; i < LATENCY_BUCKET_COUNT; i++) minute.latencyBuckets[i]! += row.latencyBuckets[i]!;
    }
  }

  return {
    rollups: [...rollups.entries()].sort(byKey).map(([, row]) => row),
    edges: [...edges.entries()].sort(byKey).map(([, row]) => row),
    services: [...services.values()]
      .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
      .map(({ service, source, lastSeenMs, eventsPublished, sizeSum }) => ({
        service,
        source,
        lastSeenMs,
        eventsPublished,
        meanSizeBytes: sizeSum / eventsPublished,
      })),
  };
}

const TEN_S = 10_000;
const ONE_MIN = 60_000;

function emptyRollup(
  resolution: Resolution,
  scope: RollupRow['scope'],
  key: string,
  bucketMs: number,
): RollupRow {
  return {
    resolution,
    scope,
    key,
    bucketMs,
    count: 0,
    failed: 0,
    retried: 0,
    deadLettered: 0,
    latencySumMs: 0,
    latencyMaxMs: 0,
    latencyBuckets: scope === 'group' ? new Array<number>(LATENCY_BUCKET_COUNT).fill(0) : [],
  };
}

function count(row: RollupRow, delivery: DeliveryRow): void {
  switch (delivery.outcome) {
    case 'handled':
      row.count += 1;
      break;
    case 'failed':
      row.failed += 1;
      break;
    case 'retried':
      row.retried += 1;
      break;
    case 'dead-lettered':
      row.deadLettered += 1;
      break;
    default:
      // ack-refused: another consumer owned the entry; its own outcome is counted there.
      // duplicate: the idempotent consumer skipped an event handled (or being handled) already:
      // neither throughput nor a failure, so error rates leave it out
      break;
  }
}

export function floorTo(ms: number, step: number): number {
  return ms - (((ms % step) + step) % step);
}

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
