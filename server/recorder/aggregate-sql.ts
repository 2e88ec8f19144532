/**
 * The batch's aggregates in one statement (one round trip): rollups, edges, services, each one upsert of
 * increments. Every batch runs this same statement (tables in one order) with its keys sorted, so that
 * concurrent batches take their row locks in one order.
 */
import type { Aggregates, EdgeRow, RollupRow, ServiceRow } from './aggregate';
import { columns, histogram, literals, time, unnest } from './sql-arrays';

/** Element-wise sum of two int[] histograms (either may be empty). */
const addHistograms = (a: string, b: string): string =>
  `case when cardinality(${b}) = 0 then ${a} when cardinality(${a}) = 0 then ${b} else ` +
  `array(select coalesce(x, 0) + coalesce(y, 0) from unnest(${a}, ${b}) with ordinality as h(x, y, n) order by n) end`;

const upsertRollups = (first: number) =>
  `insert into metric_rollups as m (resolution, scope, key, bucket_start, count, failed, retried, dead_lettered, ` +
  `latency_sum_ms, latency_max_ms, latency_buckets) ` +
  `${unnest(['', '', '', 'timestamptz', 'bigint', 'bigint', 'bigint', 'bigint', 'real', 'real', 'integer[]'], first)} ` +
  `on conflict (resolution, scope, key, bucket_start) do update set ` +
  `count = m.count + excluded.count, failed = m.failed + excluded.failed, ` +
  `retried = m.retried + excluded.retried, dead_lettered = m.dead_lettered + excluded.dead_lettered, ` +
  `latency_sum_ms = m.latency_sum_ms + excluded.latency_sum_ms, ` +
  `latency_max_ms = greatest(m.latency_max_ms, excluded.latency_max_ms), ` +
  `latency_buckets = ${addHistograms('m.latency_buckets', 'excluded.latency_buckets')}`;

const upsertEdges = (first: number) =>
  `insert into topology_edges as e (kind, from_node, to_node, events, failures, latency_buckets, last_seen_at) ` +
  `${unnest(['', '', '', 'bigint', 'bigint', 'integer[]', 'timestamptz'], first)} ` +
  `on conflict (kind, from_node, to_node) do update set events = e.events + excluded.events, ` +
  `failures = e.failures + excluded.failures, ` +
  `latency_buckets = ${addHistograms('e.latency_buckets', 'excluded.latency_buckets')}, ` +
  `last_seen_at = greatest(e.last_seen_at, excluded.last_seen_at)`;

const upsertServices = (first: number) =>
  `insert into service_nodes as s (service, source, last_seen_at, events_published, mean_size_bytes) ` +
  `${unnest(['', '', 'timestamptz', 'bigint', 'real'], first)} ` +
  `on conflict (service) do update set ` +
  `source = case when excluded.last_seen_at >= s.last_seen_at then excluded.source else s.source end, ` +
  `last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at), ` +
  `events_published = s.events_published + excluded.events_published, ` +
  `mean_size_bytes = coalesce((s.mean_size_bytes * s.events_published + ` +
  `excluded.mean_size_bytes * excluded.events_published) / nullif(s.events_published + excluded.events_published, 0), 0)`;

export const UPSERT_AGGREGATES = `with rollups as (${upsertRollups(1)}), edges as (${upsertEdges(12)}) ${upsertServices(19)}`;

const rollupParams = (rows: readonly RollupRow[]) =>
  columns(rows, 11, (r) => [
    r.resolution,
    r.scope,
    r.key,
    time(r.bucketMs),
    String(r.count),
    String(r.failed),
    String(r.retried),
    String(r.deadLettered),
    String(r.latencySumMs),
    String(r.latencyMaxMs),
    histogram(r.latencyBuckets),
  ]);

const edgeParams = (rows: readonly EdgeRow[]) =>
  columns(rows, 7, (r) => [
    r.kind,
    r.from,
    r.to,
    String(r.events),
    String(r.failures),
    histogram(r.latencyBuckets),
    time(r.lastSeenMs),
  ]);

const serviceParams = (rows: readonly ServiceRow[]) =>
  columns(rows, 5, (r) => [
    r.service,
    r.source,
    time(r.lastSeenMs),
    String(r.eventsPublished),
    String(r.meanSizeBytes),
  ]);

/** Parameters of UPSERT_AGGREGATES: rollups ($1-$11), edges ($12-$18), services ($19-$23). */
export const aggregateParams = ({ rollups, edges, services }: Aggregates): string[] => [
  ...literals(rollupParams(rollups)),
  ...literals(edgeParams(edges)),
  ...literals(serviceParams(services)),
];
