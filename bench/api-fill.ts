/**
 * Fills a migrated Postgres store with bench:api's history, inside Postgres (INSERT … SELECT over
 * generate_series: no rows cross the wire): the events of correlation chains (api-flow.ts), their
 * delivery outcomes as the recorder stores them (one per consuming group, a few failed first attempts),
 * and the recorded graph the flow view reads (consumers, edges, service nodes, rollups, dead letters).
 * Events and deliveries are written at once on two connections, from the same chain expression.
 */
import type postgres from 'postgres';
import { LATENCY_BUCKETS_MS } from '@/db/schema';
import type { Keys } from '@/server/bus/keys';
import { CONSUMERS, GROUPS, SERVICES, STEPS, TOPICS, chainsFor } from './api-flow';
import { indexesOf } from './bulk-load';

const DAY_MS = 86_400_000;
/** How far back the chains start: three days of history, the newest a minute old. */
export const HISTORY_MS = 3 * DAY_MS;

/** Parameters every chain statement takes: $1 chains, $2 events, $3 now (ms), $4 history (ms). */
const CHAIN = `
  select c, k, k % ${STEPS.length} + 1 as step,
    md5('c' || c)::uuid::text as correlation_id,
    md5('e' || c || '.' || k)::uuid::text as event_id,
    case when k > 0 then md5('e' || c || '.' || (k - 1))::uuid::text end as causation_id,
    $3::bigint - 60000 - (c::bigint * 104729 % $1::bigint) * $4::bigint / $1::bigint + k * 137 as ms
  from generate_series(0, $1::int - 1) c
  cross join lateral generate_series(0, 9 + (c * 7919) % 11) k
  limit $2::int`;

/** Compact JSON as the SDK writes it (JSON.stringify), one shape per step; all but order.placed fit a list preview. */
const PAYLOAD = `case step
  when 1 then format('{"orderId":"ord-%s","customer":{"id":"cus-%s","email":"cus%s@example.com"},"totalCents":%s,"currency":"EUR","items":[{"sku":"SKU-%s","qty":%s,"priceCents":1999},{"sku":"SKU-2002","qty":1,"priceCents":499}]}', c, c % 50000, c % 50000, 1000 + c % 9000, 1000 + c % 97, 1 + c % 3)
  when 2 then format('{"orderId":"ord-%s","amountCents":%s,"currency":"EUR","card":{"brand":"visa","number":"4111 1111 1111 %s","expiry":"12/29"}}', c, 1000 + c % 9000, lpad((c % 10000)::text, 4, '0'))
  when 3 then format('{"orderId":"ord-%s","authCode":"%s","card":{"last4":"%s"}}', c, left(md5('a' || c), 8), lpad((c % 10000)::text, 4, '0'))
  when 4 then format('{"orderId":"ord-%s","sku":"SKU-%s","qty":%s,"warehouse":"ams-%s"}', c, 1000 + c % 97, 1 + c % 3, 1 + c % 4)
  when 5 then format('{"customerId":"cus-%s","email":"cus%s@example.com","phone":"+31 6 %s","tier":"gold"}', c % 50000, c % 50000, lpad((c % 100000000)::text, 8, '0'))
  when 6 then format('{"orderId":"ord-%s","address":{"street":"Keizersgracht %s","city":"Amsterdam","zip":"1015"},"customer":{"email":"cus%s@example.com"}}', c, 1 + c % 700, c % 50000)
  when 7 then format('{"to":{"email":"cus%s@example.com"},"template":"order-update","channel":"email","step":%s}', c % 50000, k)
  when 8 then format('{"orderId":"ord-%s","amountCents":%s,"currency":"EUR"}', c, 1000 + c % 9000)
  when 9 then format('{"orderId":"ord-%s","carrier":"postnl","trackingId":"3S%s"}', c, upper(left(md5('t' || c), 12)))
  else format('{"orderId":"ord-%s","status":"completed","steps":%s}', c, k + 1)
end`;

const EVENTS_SQL = `
  insert into events (source, event_id, time, topic, stream, entry_id, type, subject, correlation_id,
    causation_id, traceparent, data_version, sensitivity, data, size_bytes)
  select ($7::text[])[step], event_id, to_timestamp(ms / 1000.0), ($6::text[])[step], ($8::text[])[step],
    ms || '-' || k, ($5::text[])[step], 'order/ord-' || c, correlation_id, causation_id,
    '00-' || md5('c' || c) || '-' || left(md5(event_id), 16) || '-01', 1,
    nullif(($9::text[])[step], ''), payload::json, octet_length(payload)
  from (select chain.*, ${PAYLOAD} as payload from (${CHAIN}) chain) x`;

/** Every event reaches each group of its topic; about one delivery in 33 fails its first attempt. */
const DELIVERIES_SQL = `
  with d as materialized (
    select x.*, s.consumer_id + x.c % 2 as consumer_id, (x.c * 31 + x.k * 17 + s.consumer_id) % 33 = 0 as failed_first,
      (x.c * 13 + x.k * 7 + s.consumer_id) % 97 as h
    from (${CHAIN}) x
    join unnest($5::text[], $6::int[]) as s(topic, consumer_id) on s.topic = ($7::text[])[x.step]
  )
  insert into deliveries (consumer_id, entry_id, event_id, outcome, attempt, duration_ms, category, error, at)
  select consumer_id, ms || '-' || k, event_id, 'handled', case when failed_first then 2 else 1 end,
    0.4 + h / 8.0, null, null, to_timestamp((ms + 5 + h + case when failed_first then 1000 else 0 end) / 1000.0)
  from d
  union all
  select consumer_id, ms || '-' || k, event_id, 'failed', 1, 5000, 'transient',
    'TimeoutError: upstream did not answer within 5000 ms', to_timestamp((ms + 5005) / 1000.0)
  from d where failed_first`;

export interface FillResult {
  events: number;
  deliveries: number;
  chains: number;
  eventsMs: number;
  deliveriesMs: number;
  graphMs: number;
}

/**
 * Bulk load as pg_restore does it: the indexes go before the rows and are built again, from their own
 * definitions, after them (one sorted build per index instead of a million random insertions each).
 */
async function loadThenIndex(
  sql: postgres.Sql,
  table: string,
  text: string,
  params: unknown[],
): Promise<number> {
  const started = performance.now();
  const indexes = await indexesOf(sql, [table]);
  for (const index of indexes) await sql.unsafe(index.drop);
  await sql.begin(async (tx) => {
    await tx.unsafe('set local synchronous_commit = off');
    await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
  });
  await sql.begin(async (tx) => {
    await tx.unsafe("set local maintenance_work_mem = '256MB'");
    for (const index of indexes) await tx.unsafe(index.create);
  });
  return performance.now() - started;
}

export async function fillStore(
  sql: postgres.Sql,
  keys: Keys,
  events: number,
  now: number,
): Promise<FillResult> {
  const chains = chainsFor(events);
  const base = [chains, events, now, HISTORY_MS];
  const firstConsumer = CONSUMERS.filter((c) => c.consumer.endsWith('-1'));
  const [eventsMs, deliveriesMs] = await Promise.all([
    loadThenIndex(sql, 'events', EVENTS_SQL, [
      ...base,
      STEPS.map((s) => s.type),
      STEPS.map((s) => s.topic),
      STEPS.map((s) => `/services/${s.service}`),
      STEPS.map((s) => keys.stream(s.topic)),
      STEPS.map((s) => (s.confidential ? 'confidential' : '')),
    ]),
    loadThenIndex(sql, 'deliveries', DELIVERIES_SQL, [
      ...base,
      firstConsumer.map((c) => c.topic),
      firstConsumer.map((c) => c.id),
      STEPS.map((s) => s.topic),
    ]),
  ]);
  const [invalid] = await sql<{ n: number }[]>`select count(*)::int as n from pg_index where not indisvalid`;
  if (invalid!.n > 0) throw new Error(`${invalid!.n} indexes are left invalid after the load`);
  const graphStarted = performance.now();
  await fillGraph(sql, now);
  await sql.unsafe('analyze events');
  await sql.unsafe('analyze deliveries');
  const [counts] = await sql<{ events: number; deliveries: number }[]>`
    select (select count(*) from events)::int as events, (select count(*) from deliveries)::int as deliveries`;
  return {
    events: counts!.events,
    deliveries: counts!.deliveries,
    chains,
    eventsMs,
    deliveriesMs,
    graphMs: performance.now() - graphStarted,
  };
}

/** Latency bucket counts of `duration_ms` per group, in LATENCY_BUCKETS_MS order (the last: above all). */
const bucketCounts = (): string => {
  const bounds = [...LATENCY_BUCKETS_MS];
  const parts = bounds.map(
    (upper, i) =>
      `count(*) filter (where d.duration_ms > ${i === 0 ? -1 : bounds[i - 1]} and d.duration_ms <= ${upper})::int`,
  );
  parts.push(`count(*) filter (where d.duration_ms > ${bounds[bounds.length - 1]})::int`);
  return `array[${parts.join(', ')}]`;
};

/** The recorded graph, derived from the rows just written, as the recorder's aggregates would hold it. */
async function fillGraph(sql: postgres.Sql, now: number): Promise<void> {
  await sql.unsafe(
    `insert into delivery_consumers (id, topic, group_name, consumer, service) overriding system value
     select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [
      CONSUMERS.map((c) => c.id),
      CONSUMERS.map((c) => c.topic),
      CONSUMERS.map((c) => c.group),
      CONSUMERS.map((c) => c.consumer),
      CONSUMERS.map((c) => c.service),
    ],
  );
  await sql.unsafe(`
    insert into service_nodes (service, source, last_seen_at, events_published, mean_size_bytes)
    select split_part(source, '/', 3), source, max(time), count(*), avg(size_bytes) from events group by source`);
  await sql.unsafe(`
    insert into topology_edges (kind, from_node, to_node, events, failures, latency_buckets, last_seen_at)
    select 'publishes', split_part(source, '/', 3), topic, count(*), 0, '{}', max(time) from events group by source, topic`);
  await sql.unsafe(`
    insert into topology_edges (kind, from_node, to_node, events, failures, latency_buckets, last_seen_at)
    select 'delivers', c.topic, c.group_name, count(*) filter (where d.outcome = 'handled'),
      count(*) filter (where d.outcome = 'failed'), ${bucketCounts()}, max(d.at)
    from deliveries d join delivery_consumers c on c.id = d.consumer_id group by c.topic, c.group_name`);
  // rollups: 10 s buckets for the last hour, 1 min buckets over the history, per topic and per group
  const scopes = [
    ...TOPICS.map((t) => ({ scope: 'topic', key: t })),
    ...Object.entries(GROUPS).flatMap(([t, groups]) =>
      groups.map((g) => ({ scope: 'group', key: `${t}/${g}` })),
    ),
  ];
  for (const [resolution, stepMs, spanMs] of [
    ['10s', 10_000, 3_600_000],
    ['1m', 60_000, HISTORY_MS],
  ] as const) {
    await sql.unsafe(
      `insert into metric_rollups (resolution, scope, key, bucket_start, count, failed, retried, dead_lettered,
         latency_sum_ms, latency_max_ms, latency_buckets, lag)
       select $1, s.scope, s.key, to_timestamp(b / 1000.0), n, n / 33, n / 40, n / 500, n * 3.5, 48,
         array[n / 4, n / 4, n / 4, n / 8, n / 16, 0, 0, 0, 0, 0, 0, 0, 0, 0],
         case when s.scope = 'group' then (b / $2::bigint) % 25 end
       from unnest($3::text[], $4::text[]) as s(scope, key)
       cross join generate_series($5::bigint - $6::bigint, $5::bigint, $2::bigint) b
       cross join lateral (select (40 + (b / $2::bigint) % 17)::int * ($2::int / 10000) as n) v`,
      [
        resolution,
        stepMs,
        scopes.map((s) => s.scope),
        scopes.map((s) => s.key),
        Math.floor(now / stepMs) * stepMs,
        spanMs,
      ],
    );
  }
  await sql.unsafe(
    `insert into dead_letters (id, topic, group_name, consumer, entry_id, event_id, event_type, correlation_id,
       category, attempts, first_failure_at, last_failure_at, error_name, error_message, error_stack, raw)
     select c.topic || '/' || e.entry_id, c.topic, c.group_name, c.consumer, e.entry_id, e.event_id, e.type,
       e.correlation_id, 'poison', 5, e.time, e.time + interval '5 s', 'ValidationError',
       'amount must be positive', 'ValidationError: amount must be positive', '{}'::jsonb
     from (select * from events where correlation_id is not null order by time desc limit 300) e
     join lateral (select * from delivery_consumers c where c.topic = e.topic limit 1) c on true`,
  );
}

export const FILL_NOTE = `chains of 10-20 events over ${STEPS.length} steps, ${TOPICS.length} topics, ${SERVICES.length} services, ${CONSUMERS.length / 2} groups`;
