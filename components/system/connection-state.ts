import { recorderTrouble } from '@/components/lib/dependencies';
import { formatDateTime, formatLatency } from '@/components/lib/format';
import type { Tone } from '@/components/ui/tone';
import type { Health } from '@/server/contracts/health';

export type ConnectionLabel =
  | 'Connected'
  | 'Reconnecting…'
  | 'Redis down'
  | 'Store down'
  | 'Redis and store down'
  | 'Recorder not recording';

export interface ConnectionState {
  label: ConnectionLabel;
  tone: Tone;
}

/**
 * One label for the top bar. Without a socket nothing live can be trusted, so "Reconnecting…" wins
 * over a possibly stale health report; with one, a dependency that is down is what matters.
 */
export function connectionState(connected: boolean, health: Health | undefined): ConnectionState {
  if (!connected) return { label: 'Reconnecting…', tone: 'degraded' };
  const redisDown = health ? !health.redis.ok : false;
  const storeDown = health ? !health.store.ok : false;
  if (redisDown && storeDown) return { label: 'Redis and store down', tone: 'failing' };
  if (redisDown) return { label: 'Redis down', tone: 'failing' };
  if (storeDown) return { label: 'Store down', tone: 'failing' };
  if (recorderTrouble(health)) return { label: 'Recorder not recording', tone: 'degraded' };
  return { label: 'Connected', tone: 'ok' };
}

export const STORE_KIND_LABEL: Record<Health['store']['kind'], string> = {
  postgres: 'PostgreSQL',
  pglite: 'PGlite (embedded)',
};

/** Multi-line native tooltip: latencies, Redis version, errors, when it was checked. */
export function connectionTooltip(connected: boolean, health: Health | undefined): string {
  const lines: string[] = [];
  if (!connected) lines.push('No live connection to the EventLens server; retrying.');
  if (!health) {
    lines.push('No health report yet.');
    return lines.join('\n');
  }
  const { redis, store } = health;
  const redisVersion = redis.version ? `Redis ${redis.version}` : 'Redis (version unknown)';
  lines.push(`${redisVersion}: ${redis.ok ? formatLatency(redis.latencyMs) : 'unreachable'}`);
  if (redis.error) lines.push(`  ${redis.error}`);
  if (redis.error && redis.check) lines.push(`  ${redis.check}`);
  lines.push(
    `Store, ${STORE_KIND_LABEL[store.kind]}: ${store.ok ? formatLatency(store.latencyMs) : 'unreachable'}`,
  );
  if (store.error) lines.push(`  ${store.error}`);
  if (store.error && store.check) lines.push(`  ${store.check}`);
  if (health.recorder?.reason) lines.push(`Recorder ${health.recorder.state}: ${health.recorder.reason}`);
  const checked = new Date(health.checkedAt);
  if (!Number.isNaN(checked.getTime())) lines.push(`Checked ${formatDateTime(checked)}`);
  return lines.join('\n');
}
