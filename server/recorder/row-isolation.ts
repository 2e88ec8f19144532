/**
 * For a batch the store refused because of its rows (bad data, size limits): halves it until the
 * refused rows stand alone, writes the rest, stores a refused event once more without its payload (with
 * the reason in `decodeError`), and counts and logs whatever is still refused. Never loops forever.
 */
import type { Logger } from './logger';
import type { DeadLetterRow, DeliveryRow, EventRow } from './project';
import { isRowError, type SqlStore } from './sql-session';
import {
  emptyWriteResult,
  writeBatch,
  type RecordBatch,
  type WriteOptions,
  type WriteResult,
} from './write-batch';

export async function writeIsolating(
  store: SqlStore,
  batch: RecordBatch,
  log: Logger,
  options: Pick<WriteOptions, 'choreographies'> = {},
): Promise<WriteResult> {
  const total = emptyWriteResult();

  const writeOrSplit = async (part: RecordBatch): Promise<void> => {
    if (rowCount(part) === 0) return;
    try {
      addResult(total, await writeBatch(store, part, options));
      return;
    } catch (error) {
      if (!isRowError(error)) throw error;
      if (rowCount(part) > 1) {
        const [a, b] = halves(part);
        await writeOrSplit(a);
        await writeOrSplit(b);
        return;
      }
      await writeRefusedRow(part, error as Error);
    }
  };

  const writeRefusedRow = async (part: RecordBatch, error: Error): Promise<void> => {
    const event = part.events[0];
    if (event) {
      const quarantined = quarantine(event, error.message);
      try {
        const written = await writeBatch(
          store,
          { events: [quarantined], deliveries: [], deadLetters: [] },
          options,
        );
        addResult(total, written);
        total.quarantined += written.events;
        log.warn(
          { stream: event.stream, entryId: event.entryId, err: error.message },
          'the store refused an event; stored without its payload',
        );
        return;
      } catch (again) {
        if (!isRowError(again)) throw again;
      }
    }
    total.rejected += 1;
    const row = event ?? part.deliveries[0] ?? part.deadLetters[0];
    log.error({ err: error.message, row: describe(row) }, 'the store refused a row; it is not recorded');
  };

  await writeOrSplit(batch);
  return total;
}

/** The event without what can make the store refuse it, and the reason why. */
export function quarantine(row: EventRow, reason: string): EventRow {
  return {
    ...row,
    subject: null,
    traceparent: null,
    tenantId: null,
    dataVersion: null,
    sensitivity: null,
    dataJson: null,
    rawFields: null,
    decodeError: `the store refused this entry: ${reason}`.replaceAll('\u0000', '').slice(0, 2_000),
  };
}

const COUNTS = [
  'events',
  'deliveries',
  'deadLetters',
  'duplicates',
  'rejected',
  'quarantined',
  'sagaInvalid',
  'sagaInstances',
  'sagaSteps',
] as const;

function addResult(total: WriteResult, result: WriteResult): void {
  for (const key of COUNTS) total[key] += result[key];
  total.longestStatementMs = Math.max(total.longestStatementMs, result.longestStatementMs);
}

const rowCount = (b: RecordBatch): number => b.events.length + b.deliveries.length + b.deadLetters.length;

function halves(batch: RecordBatch): [RecordBatch, RecordBatch] {
  const items = [
    ...batch.events.map((row) => ({ kind: 'event' as const, row })),
    ...batch.deliveries.map((row) => ({ kind: 'delivery' as const, row })),
    ...batch.deadLetters.map((row) => ({ kind: 'dead-letter' as const, row })),
  ];
  const middle = Math.ceil(items.length / 2);
  const toBatch = (part: typeof items): RecordBatch => ({
    events: part.flatMap((i) => (i.kind === 'event' ? [i.row] : [])),
    deliveries: part.flatMap((i) => (i.kind === 'delivery' ? [i.row] : [])),
    deadLetters: part.flatMap((i) => (i.kind === 'dead-letter' ? [i.row] : [])),
  });
  return [toBatch(items.slice(0, middle)), toBatch(items.slice(middle))];
}

/** Enough of a refused row to find its entry in Redis. */
function describe(row: EventRow | DeliveryRow | DeadLetterRow | undefined): Record<string, unknown> {
  if (!row) return {};
  if ('stream' in row) return { kind: 'event', stream: row.stream, entryId: row.entryId };
  if ('outcome' in row) return { kind: 'delivery', topic: row.topic, entryId: row.entryId, group: row.group };
  return { kind: 'dead-letter', id: row.id };
}
