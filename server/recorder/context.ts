/**
 * What the recorder's parts share, built once by the recorder. Each part declares the fields it uses
 * (a `Pick` of this), so that its constructor tells what it depends on.
 */
import type { Redis } from 'ioredis';
import type { ErrorBook } from './error-book';
import type { Logger } from './logger';
import type { RecorderOptions } from './options';
import type { SagaCatalog } from './saga-choreographies';
import type { SagaNotice } from './saga-notices';
import type { SqlStore } from './sql-session';
import type { RecorderTotals } from './status';
import type { StreamRegistry } from './streams';

export interface RecorderContext {
  readonly group: string;
  readonly consumer: string;
  readonly options: RecorderOptions;
  readonly log: Logger;
  readonly errors: ErrorBook;
  readonly sql: SqlStore;
  /** The command connection; blocking reads have their own (EntryReader's), which a stop disconnects. */
  readonly redis: Redis;
  readonly registry: StreamRegistry;
  /** Declared choreographies, refreshed with stream discovery. */
  readonly sagas: SagaCatalog;
  /** Tells live layers that a committed batch changed saga rows (saga-notices.ts). */
  readonly sagaNotice: SagaNotice;
  /** Counted by every part, reported by `status()`. */
  readonly totals: RecorderTotals;
  /** Aborted by `stop()`: loops end and their sleeps wake. */
  readonly stopSignal: AbortSignal;
}
