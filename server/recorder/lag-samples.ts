/** Sampled lag of the application's consumer groups, written into the group rollups. */
import { columns, literals, time, unnest } from './sql-arrays';
import type { SqlStore } from './sql-session';

export interface LagSample {
  /** `<topic>/<group>` */
  key: string;
  lag: number;
}

const UPSERT_LAG =
  `insert into metric_rollups as m (resolution, scope, key, bucket_start, lag) ` +
  `${unnest(['', '', '', 'timestamptz', 'bigint'])} ` +
  `on conflict (resolution, scope, key, bucket_start) do update set lag = excluded.lag`;

/** Writes sampled group lag into the current 10 s and 1 min rollups (last sample wins). */
export async function writeLagSamples(
  store: SqlStore,
  samples: readonly LagSample[],
  nowMs: number,
): Promise<void> {
  if (samples.length === 0) return;
  // sorted as the batches sort their rollups (resolution, scope, key, bucket): one lock order
  const rows = samples
    .flatMap(({ key, lag }) =>
      (['10s', '1m'] as const).map((resolution) => {
        const bucket = nowMs - (nowMs % (resolution === '10s' ? 10_000 : 60_000));
        return {
          id: `${resolution}\u0001group\u0001${key}\u0001${bucket}`,
          row: [resolution, 'group', key, time(bucket), String(lag)],
        };
      }),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ row }) => row);
  await store.query(UPSERT_LAG, literals(columns(rows, 5, (r) => r)));
}
