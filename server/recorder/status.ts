/** What a running recorder reports about itself: its state, totals and errors (RecorderProcess.status()). */
import type { StoreKind } from '@/db/client';
import type { DiscoveryStatus } from './key-notifications';
import type { StreamStatus } from './lag';
import type { MaintenanceReport } from './maintenance';

export type ErrorKind =
  'read' | 'discover' | 'claim' | 'write' | 'ack' | 'status' | 'lag-sample' | 'maintenance';

export interface RecorderTotals {
  /** Rows inserted. */
  events: number;
  deliveries: number;
  deadLetters: number;
  /** Rows already stored (redelivered entries): skipped. */
  duplicates: number;
  /** Events stored without their payload because the store refused it. */
  quarantined: number;
  /** Rows the store refused even then (logged). */
  rejected: number;
  /** Saga lifecycle events whose data is not SagaLifecycleData: recorded as events, not projected. */
  sagaInvalid: number;
  /** Entries taken over from recorders that stopped answering. */
  claimed: number;
  /** Entries deleted from their stream while pending: acked, nothing to record. */
  trimmed: number;
  /** Delivery records the SDK reported it dropped before writing them. */
  telemetryDropped: number;
  /** Telemetry entries in a format this recorder does not read. */
  unknownTelemetry: number;
  batches: number;
}

export const emptyTotals = (): RecorderTotals => ({
  events: 0,
  deliveries: 0,
  deadLetters: 0,
  duplicates: 0,
  quarantined: 0,
  rejected: 0,
  sagaInvalid: 0,
  claimed: 0,
  trimmed: 0,
  telemetryDropped: 0,
  unknownTelemetry: 0,
  batches: 0,
});

export interface RecorderStatus {
  state: 'starting' | 'running' | 'degraded' | 'stopping' | 'stopped';
  /** Why it is starting still or degraded (the real cause), null while it runs. */
  reason: string | null;
  group: string;
  consumer: string;
  store: StoreKind;
  /** Every stream read, with its lag (refreshed every `statusEveryMs`). */
  streams: StreamStatus[];
  /** The largest lag over all streams. */
  lagMs: number;
  /** Events recorded per second, over the last 10 s. */
  eventsPerSec: number;
  totals: RecorderTotals;
  /** Batches read and not yet committed (queued or being written). */
  batchesInFlight: number;
  /** Rows per batch (the `batchSize` option). */
  batchRows: number;
  /** The longest single statement so far (ms). */
  longestStatementMs: number;
  /** Whether the last write reached the store. */
  storeOk: boolean;
  errors: {
    total: number;
    byKind: Partial<Record<ErrorKind, number>>;
    last: { during: ErrorKind; message: string; at: string } | null;
  };
  lastCommitAt: string | null;
  /** How new streams are found: keyspace notifications (and why) beside the periodic SCAN. */
  discovery: DiscoveryStatus;
  lastMaintenance: { at: string; report: MaintenanceReport } | null;
}
