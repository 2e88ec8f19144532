/**
 * The settings this server runs with: each resolved value (from server/env.ts), the variable that sets
 * it and whether it came from the environment or is the default. Sections of rows, so that a new
 * setting is one more row. Raw values: they leave the server only through presentSettings (masking).
 */
import { join } from 'node:path';
import type { SettingRow, SettingsInUse, SettingsSection } from '@/server/contracts/settings';
import type { StoreKind } from '@/server/contracts/health';
import type { Env } from './env';
import type { RedisTarget } from './redis-target';
import { DEFAULT_GROUP, type RecorderGroup } from './recorder';

export interface ResolvedConnections {
  redis: RedisTarget;
  storeKind: StoreKind;
  /** The recorders' consumer group (server/recorder/recorder-group.ts). */
  recorderGroup: RecorderGroup;
}

type Source = Record<string, string | undefined>;

export function settingsInUse(
  env: Env,
  resolved: ResolvedConnections,
  source: Source = process.env,
): SettingsInUse {
  const from = (variable: keyof Env): SettingRow['source'] =>
    source[variable] !== undefined && source[variable] !== '' ? 'environment' : 'default';
  const row = (
    label: string,
    variable: keyof Env,
    value: SettingRow['value'],
    extra: Partial<Pick<SettingRow, 'unit' | 'note'>> = {},
  ): SettingRow => ({ label, variable, value, source: from(variable), ...extra });

  const connections: SettingsSection = {
    title: 'Connections',
    rows: [
      row('Redis', 'REDIS_URL', resolved.redis.url, {
        note: resolved.redis.local
          ? `a private redis-server started by demo mode (data in ${join(env.EVENTLENS_DATA_DIR, 'redis')})`
          : undefined,
      }),
      row(
        'Store',
        'DATABASE_URL',
        env.DATABASE_URL ?? `embedded PGlite in ${join(env.EVENTLENS_DATA_DIR, 'pglite')}`,
        { note: resolved.storeKind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)' },
      ),
      row('Key prefix', 'EVENTLENS_PREFIX', env.EVENTLENS_PREFIX),
      row('Listening on', 'HOST', env.HOST),
      row('Port', 'PORT', env.PORT),
    ],
  };

  const recording: SettingsSection = {
    title: 'Recording',
    rows: [
      row('Recorder in this process', 'EVENTLENS_RECORDER', env.EVENTLENS_RECORDER),
      row('Consumer group', 'EVENTLENS_RECORDER_GROUP', resolved.recorderGroup.name, {
        note: recorderGroupNote(resolved.recorderGroup),
      }),
      row('Foreign streams recorded', 'EVENTLENS_STREAMS', env.EVENTLENS_STREAMS),
      row('Stream scan every', 'EVENTLENS_SCAN_SECONDS', env.EVENTLENS_SCAN_SECONDS, { unit: 'seconds' }),
      row('Retention', 'EVENTLENS_RETENTION_DAYS', env.EVENTLENS_RETENTION_DAYS, {
        unit: 'days',
        note: 'when no retention policy for every topic is stored',
      }),
      row('Type fields (foreign)', 'EVENTLENS_FOREIGN_TYPE_FIELDS', env.EVENTLENS_FOREIGN_TYPE_FIELDS),
      row(
        'Correlation fields (foreign)',
        'EVENTLENS_FOREIGN_CORRELATION_FIELDS',
        env.EVENTLENS_FOREIGN_CORRELATION_FIELDS,
      ),
      row(
        'Causation fields (foreign)',
        'EVENTLENS_FOREIGN_CAUSATION_FIELDS',
        env.EVENTLENS_FOREIGN_CAUSATION_FIELDS,
      ),
    ],
  };

  const payloads: SettingsSection = {
    title: 'Payloads',
    rows: [
      row('Preview cap', 'EVENTLENS_PAYLOAD_PREVIEW_BYTES', env.EVENTLENS_PAYLOAD_PREVIEW_BYTES, {
        unit: 'bytes',
        note: 'larger payloads are a separate download',
      }),
      row('Downloads at once', 'EVENTLENS_PAYLOAD_DOWNLOADS', env.EVENTLENS_PAYLOAD_DOWNLOADS, {
        unit: 'count',
      }),
    ],
  };

  const server: SettingsSection = {
    title: 'Server',
    rows: [
      row('Mode', 'NODE_ENV', env.NODE_ENV),
      row('Demo traffic', 'EVENTLENS_DEMO', env.EVENTLENS_DEMO),
      ...(env.EVENTLENS_DEMO
        ? [row('Demo rate', 'EVENTLENS_DEMO_RATE', env.EVENTLENS_DEMO_RATE, { unit: 'per-second' })]
        : []),
      row('Data directory', 'EVENTLENS_DATA_DIR', env.EVENTLENS_DATA_DIR),
      row('Log level', 'LOG_LEVEL', env.LOG_LEVEL),
      row('Log format', 'LOG_FORMAT', env.LOG_FORMAT ?? 'pretty on a terminal, else json'),
    ],
  };

  const edges: SettingsSection = {
    title: 'Limits',
    rows: [
      row('Allowed host names', 'EVENTLENS_ALLOWED_HOSTS', noneIfEmpty(env.EVENTLENS_ALLOWED_HOSTS), {
        note: 'besides loopback names, HOST and the public URL',
      }),
      row('Trusted proxies', 'EVENTLENS_TRUSTED_PROXIES', noneIfEmpty(env.EVENTLENS_TRUSTED_PROXIES), {
        note: 'through these, the client address is taken from X-Forwarded-For',
      }),
      row('Sockets per address', 'EVENTLENS_SOCKETS_PER_IP', env.EVENTLENS_SOCKETS_PER_IP, { unit: 'count' }),
      row('Sockets per user', 'EVENTLENS_SOCKETS_PER_USER', env.EVENTLENS_SOCKETS_PER_USER, {
        unit: 'count',
      }),
      row('Sign-ins per address', 'EVENTLENS_SIGNIN_LIMIT_PER_IP', env.EVENTLENS_SIGNIN_LIMIT_PER_IP, {
        unit: 'count',
        note: 'attempts per 15 minutes',
      }),
      row(
        'Sign-ins per account',
        'EVENTLENS_SIGNIN_LIMIT_PER_ACCOUNT',
        env.EVENTLENS_SIGNIN_LIMIT_PER_ACCOUNT,
        {
          unit: 'count',
          note: 'attempts per 15 minutes',
        },
      ),
      row('Changes per user', 'EVENTLENS_CHANGES_LIMIT_PER_USER', env.EVENTLENS_CHANGES_LIMIT_PER_USER, {
        unit: 'count',
        note: 'per minute',
      }),
      row(
        'Replay approval above',
        'EVENTLENS_REPLAY_APPROVAL_THRESHOLD',
        env.EVENTLENS_REPLAY_APPROVAL_THRESHOLD,
        { unit: 'count', note: 'larger (and edited) replays wait for a second admin' },
      ),
      row('Replay job lease', 'EVENTLENS_REPLAY_LEASE_SECONDS', env.EVENTLENS_REPLAY_LEASE_SECONDS, {
        unit: 'seconds',
        note: 'another instance takes a job over when its server stops renewing this',
      }),
    ],
  };

  return { sections: [connections, recording, payloads, server, edges] };
}

/** An empty list reads "none", not an empty chip. */
function noneIfEmpty(list: string[] | undefined): string[] | string {
  return list && list.length > 0 ? list : 'none';
}

/** Whether the group keeps this deployment's recording apart from others on the same Redis. */
function recorderGroupNote(group: RecorderGroup): string | undefined {
  if (group.from === 'environment') return undefined;
  if (group.name === DEFAULT_GROUP)
    return 'the shared name this database recorded under before it had its own: another deployment on this Redis using it too would split the streams with this one (set EVENTLENS_RECORDER_GROUP on one)';
  return "this database's own: deployments with other databases on the same Redis record apart";
}
