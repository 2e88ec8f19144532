/** The recorder's options and their defaults (some depend on the store: PGlite is one connection, in a worker thread). */
import type { StoreKind } from '@/db/client';
import type { NotificationsManagement } from './key-notifications';
import { DEFAULT_MAINTENANCE, type MaintenanceOptions } from './maintenance';
import { DEFAULT_FIELD_NAMES, type FieldNames } from './project';

export interface RecorderOptions {
  /** The recorder's consumer group on every stream. Default `eventlens-recorder`. */
  group: string;
  /** This process's consumer name. Default `recorder-[db<storeTag>-]<host>-<pid>-<random>`. */
  consumer?: string;
  /**
   * The database's tag (recorder-group.ts), put in the consumer name: a recorder that meets another
   * database's tag in its group knows the group is shared with another deployment. Unset: not checked.
   */
  storeTag?: string;
  /** Redis glob narrowing the foreign streams recorded (`EVENTLENS_STREAMS`). Default `*`. */
  streams: string;
  /** Field names of a foreign entry's type, correlation and causation (first present wins). */
  fields: FieldNames;
  /** Streams found at start: record their whole retained history, or only what comes next. Default 'start'. */
  startFrom: 'start' | 'new';
  /** Rows per transaction. Default 5,000 on Postgres (measured: 2,000 drained at 0.5x of raw COPY, 5,000 with 3 writers at 1.1x); 4,000 on PGlite (its worker thread runs the statements; the main thread only sends them). */
  batchSize: number;
  /** Transactions in flight at once. Default 3 on Postgres (concurrent COPYs use both cores), 2 on PGlite (the next batch waits in the worker while one commits). */
  writers: number;
  /** Entries per stream per read. Default 1,000 on Postgres, 500 on PGlite. */
  readCount: number;
  /** Entries per read over all streams, at most (COUNT shrinks as streams multiply). Default 5,000 on Postgres, 2,000 on PGlite. */
  maxReadEntries: number;
  /** How long a read waits for new entries. Default 1 s. */
  blockMs: number;
  /** How often new streams are looked for: registered topics every time (cheap). Default 5 s. */
  discoverEveryMs: number;
  /**
   * How often that look includes a SCAN of the whole database, for foreign streams matching
   * `EVENTLENS_STREAMS` (its cost grows with every key in the database). Default 60 s.
   */
  scanEveryMs: number;
  /**
   * Who allowed the recorder to add flags to Redis' `notify-keyspace-events` (new streams are then found
   * at once): `env` (EVENTLENS_MANAGE_NOTIFICATIONS=1), `private-server` (demo mode's own redis-server),
   * or false: notifications are used only if the server already publishes them. Default false.
   */
  manageNotifications: NotificationsManagement;
  /** Entries pending this long on another recorder are taken over (XAUTOCLAIM). Default 30 s. */
  claimIdleMs: number;
  /** How often idle entries are looked for. Default 5 s. */
  claimEveryMs: number;
  /** Consumers of the recorder group idle this long with nothing pending are removed. Default 1 h. */
  deadConsumerIdleMs: number;
  /** How often the group's consumers are looked at (dead ones, other databases' recorders). Default 1 min. */
  sweepEveryMs: number;
  /** How often `status()` is refreshed from Redis (lag per stream). Default 1 s. */
  statusEveryMs: number;
  /** How often the application groups' lag is written into the rollups. Default 10 s; 0 turns it off. */
  lagSampleEveryMs: number;
  /** Longest pause between retries after an error (reads, writes). Default 5 s. */
  maxBackoffMs: number;
  /** How long `stop()` lets the writers commit what was read. Default 5 s. */
  stopTimeoutMs: number;
  /** How often maintenance runs (partitions, retention); 0 turns it off. Default 1 h (and once at start). */
  maintenanceEveryMs: number;
  /**
   * How often tables that grew are analyzed (statistics.ts); 0 turns it off. Default 1 min on Postgres;
   * 1 h on PGlite, where an ANALYZE holds up the recorder's writes while it samples.
   */
  statisticsEveryMs: number;
  maintenance: MaintenanceOptions;
}

export const DEFAULT_GROUP = 'eventlens-recorder';

/** What callers pass: any option, with partial field names and maintenance settings. */
export type RecorderSettings = Partial<Omit<RecorderOptions, 'fields' | 'maintenance'>> & {
  fields?: Partial<FieldNames>;
  maintenance?: Partial<MaintenanceOptions>;
};

export function resolveOptions(kind: StoreKind, options: RecorderSettings = {}): RecorderOptions {
  const lite = kind === 'pglite';
  const readCount = options.readCount ?? (lite ? 500 : 1_000);
  return {
    group: DEFAULT_GROUP,
    streams: '*',
    startFrom: 'start',
    batchSize: lite ? 4_000 : 5_000,
    writers: lite ? 2 : 3,
    maxReadEntries: lite ? 2_000 : 5_000,
    blockMs: 1_000,
    discoverEveryMs: 5_000,
    scanEveryMs: 60_000,
    manageNotifications: false,
    claimIdleMs: 30_000,
    claimEveryMs: 5_000,
    deadConsumerIdleMs: 3_600_000,
    sweepEveryMs: 60_000,
    statusEveryMs: 1_000,
    lagSampleEveryMs: 10_000,
    maxBackoffMs: 5_000,
    stopTimeoutMs: 5_000,
    maintenanceEveryMs: 3_600_000,
    statisticsEveryMs: lite ? 3_600_000 : 60_000,
    ...options,
    readCount,
    fields: { ...DEFAULT_FIELD_NAMES, ...options.fields },
    maintenance: {
      ...DEFAULT_MAINTENANCE,
      ...(lite ? { deleteBatch: 1_000 } : {}),
      ...options.maintenance,
    },
  };
}
