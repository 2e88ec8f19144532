/**
 * One batch -> one transaction, idempotent: events, deliveries and dead letters keyed by their identity,
 * then the per-batch aggregates (computed in memory from the rows that were new) upserted as increments
 * in one statement. A batch read twice therefore changes nothing twice, rollups included.
 *
 * Two paths: batches expected to be new take the fast one (COPY on Postgres, a plain multi-row insert on
 * PGlite); a unique violation there rolls back and the batch is written the idempotent way (`on conflict
 * do nothing returning`, aggregates from the returned rows only). Multi-row statements read `unnest` over
 * text[] parameters (sql-arrays.ts), so one prepared statement serves every batch size.
 *
 * Rows the store refuses are isolated by row-isolation.ts; the statements live in the *-sql.ts files.
 */
import { aggregate } from './aggregate';
import { aggregateParams, UPSERT_AGGREGATES } from './aggregate-sql';
import { deadLetterParams, INSERT_DEAD_LETTERS } from './dead-letter-sql';
import {
  deliveryParams,
  deliveryRowKey,
  INSERT_DELIVERIES,
  INSERT_DELIVERY_CONSUMERS,
  INSERT_FRESH_DELIVERIES,
  storedDeliveryKey,
  type StoredDeliveryKey,
} from './delivery-sql';
import {
  COPY_EVENTS,
  eventCopyText,
  eventKey,
  eventParams,
  INSERT_EVENTS,
  INSERT_FRESH_EVENTS,
  storedEventKey,
  type StoredEventKey,
} from './event-sql';
import type { DeadLetterRow, DeliveryRow, EventRow } from './project';
import { sagaChanges, type ChoreographyLookup } from './saga-changes';
import { foldInstances, foldSteps } from './saga-fold';
import { instanceParams, stepParams, UPSERT_SAGA_INSTANCES, UPSERT_SAGA_STEPS } from './saga-sql';
import { sqlState, type SqlSession, type SqlStore } from './sql-session';

export interface RecordBatch {
  events: EventRow[];
  deliveries: DeliveryRow[];
  deadLetters: DeadLetterRow[];
}

export interface WriteResult {
  /** Rows inserted (new). */
  events: number;
  deliveries: number;
  deadLetters: number;
  /** Rows already stored (a redelivery): skipped. */
  duplicates: number;
  /** Rows the store refused even after quarantine (see `writeIsolating`). */
  rejected: number;
  /** Events stored without their payload because the store refused it. */
  quarantined: number;
  /** Saga lifecycle events whose data is not SagaLifecycleData (recorded as events, not projected). */
  sagaInvalid: number;
  /** saga_instances and saga_steps rows the batch's new events upserted (what the live notice counts). */
  sagaInstances: number;
  sagaSteps: number;
  /** The longest statement of the batch (ms): on PGlite, how long it held the main thread. */
  longestStatementMs: number;
}

export const emptyWriteResult = (): WriteResult => ({
  events: 0,
  deliveries: 0,
  deadLetters: 0,
  duplicates: 0,
  rejected: 0,
  quarantined: 0,
  sagaInvalid: 0,
  sagaInstances: 0,
  sagaSteps: 0,
  longestStatementMs: 0,
});

export interface WriteOptions {
  /** The rows are expected to be new (no redelivery seen lately). */
  fresh?: boolean;
  /** Declared choreographies by event type (saga-choreographies.ts); none when absent. */
  choreographies?: ChoreographyLookup;
}

const NO_CHOREOGRAPHIES: ChoreographyLookup = () => undefined;

const UNIQUE_VIOLATION = '23505';
const IN_FAILED_TRANSACTION = '25P02';

/**
 * Writes one batch in one transaction; throws when the store refuses it (nothing is then committed).
 * `fresh`: the rows are expected to be new (no redelivery seen lately): plain inserts, no RETURNING;
 * a unique violation rolls the attempt back and the batch is written again the idempotent way
 * (`result.conflicted` tells the caller to stay on that path for a while).
 */
export async function writeBatch(
  store: SqlStore,
  batch: RecordBatch,
  options: WriteOptions = {},
): Promise<WriteResult & { conflicted: boolean }> {
  const choreographies = options.choreographies ?? NO_CHOREOGRAPHIES;
  if (options.fresh) {
    try {
      return { ...(await writeOnce(store, batch, true, choreographies)), conflicted: false };
    } catch (error) {
      // a duplicate, or a COPY that failed (reported on the next statement): write it the idempotent way,
      // which also names the real error if there is one
      const state = sqlState(error);
      if (state !== UNIQUE_VIOLATION && state !== IN_FAILED_TRANSACTION) throw error;
    }
    const result = await writeOnce(store, batch, false, choreographies);
    return { ...result, conflicted: result.duplicates > 0 };
  }
  return { ...(await writeOnce(store, batch, false, choreographies)), conflicted: false };
}

async function writeOnce(
  store: SqlStore,
  batch: RecordBatch,
  fresh: boolean,
  choreographies: ChoreographyLookup,
): Promise<WriteResult> {
  return store.transaction(async (session) => {
    const result = emptyWriteResult();
    const tx = timedSession(session, result);

    const newEvents = await insertEvents(store, tx, batch.events, fresh);
    result.events = newEvents.length;
    result.duplicates += batch.events.length - newEvents.length;
    // only new events: a redelivered one was projected when it was stored
    Object.assign(result, await upsertSagas(tx, newEvents, choreographies));

    const newDeliveries = await insertDeliveries(store, tx, batch.deliveries, fresh);
    result.deliveries = newDeliveries.length;
    result.duplicates += batch.deliveries.length - newDeliveries.length;

    result.deadLetters = await insertDeadLetters(store, tx, batch.deadLetters);
    result.duplicates += batch.deadLetters.length - result.deadLetters;

    // one statement always follows: it is also where a failed COPY surfaces (25P02)
    await tx.query(UPSERT_AGGREGATES, aggregateParams(aggregate(newEvents, newDeliveries)));
    return result;
  });
}

/**
 * The session, its statements timed into `result.longestStatementMs` (the measure is for PGlite, whose
 * statements hold the main thread; COPY exists on Postgres only and passes through untimed).
 */
function timedSession(session: SqlSession, result: WriteResult): SqlSession {
  const timed = <T>(work: Promise<T>, started = performance.now()): Promise<T> =>
    work.finally(() => {
      result.longestStatementMs = Math.max(result.longestStatementMs, performance.now() - started);
    });
  return {
    copyIn: session.copyIn,
    query: <T extends object>(text: string, params: readonly unknown[]) =>
      timed(session.query<T>(text, params)),
  };
}

/** Inserts the events; returns those that were new (all of them on the fresh path). */
async function insertEvents(
  store: SqlStore,
  tx: SqlSession,
  rows: readonly EventRow[],
  fresh: boolean,
): Promise<readonly EventRow[]> {
  if (rows.length === 0) return rows;
  if (fresh && tx.copyIn) {
    await tx.copyIn(COPY_EVENTS, eventCopyText(rows));
    return rows;
  }
  if (fresh) {
    await tx.query(INSERT_FRESH_EVENTS, eventParams(rows));
    await store.pause();
    return rows;
  }
  const returned = await tx.query<StoredEventKey>(INSERT_EVENTS, eventParams(rows));
  const stored =
    returned.length === rows.length ? rows : returnedRows(rows, returned.map(storedEventKey), eventKey);
  await store.pause();
  return stored;
}

/** Projects the events' saga changes (none for ordinary events); counts the rows and the invalid events. */
async function upsertSagas(
  tx: SqlSession,
  events: readonly EventRow[],
  choreographies: ChoreographyLookup,
): Promise<Pick<WriteResult, 'sagaInvalid' | 'sagaInstances' | 'sagaSteps'>> {
  const changes = sagaChanges(events, choreographies);
  const instances = foldInstances(changes.instances);
  const steps = foldSteps(changes.steps);
  if (instances.length > 0) await tx.query(UPSERT_SAGA_INSTANCES, instanceParams(instances));
  if (steps.length > 0) await tx.query(UPSERT_SAGA_STEPS, stepParams(steps));
  return { sagaInvalid: changes.invalid, sagaInstances: instances.length, sagaSteps: steps.length };
}

/** Inserts the deliveries; returns those that were new (all of them on the fresh path). */
async function insertDeliveries(
  store: SqlStore,
  tx: SqlSession,
  rows: readonly DeliveryRow[],
  fresh: boolean,
): Promise<readonly DeliveryRow[]> {
  if (rows.length === 0) return rows;
  const params = deliveryParams(rows);
  await tx.query(INSERT_DELIVERY_CONSUMERS, params);
  if (fresh) {
    await tx.query(INSERT_FRESH_DELIVERIES, params);
    await store.pause();
    return rows;
  }
  const returned = await tx.query<StoredDeliveryKey>(INSERT_DELIVERIES, params);
  const stored =
    returned.length === rows.length
      ? rows
      : returnedRows(rows, returned.map(storedDeliveryKey), deliveryRowKey);
  await store.pause();
  return stored;
}

/** Inserts the dead letters (always the idempotent way); returns how many were new. */
async function insertDeadLetters(
  store: SqlStore,
  tx: SqlSession,
  rows: readonly DeadLetterRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const returned = await tx.query(INSERT_DEAD_LETTERS, deadLetterParams(rows));
  await store.pause();
  return returned.length;
}

/** The rows RETURNING named, i.e. the new ones: the others were stored already. */
function returnedRows<R>(rows: readonly R[], returnedKeys: readonly string[], key: (row: R) => string): R[] {
  const keys = new Set(returnedKeys);
  return rows.filter((row) => keys.has(key(row)));
}
