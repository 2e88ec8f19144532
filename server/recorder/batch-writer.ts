/**
 * The writers (`writers` of them run `run()` at once): each takes a batch off the queue, commits it in
 * one transaction, retrying with backoff while the store is away, and acks its entries after the commit.
 * A batch the store refuses because of its rows is written row by row around them (row-isolation.ts).
 */
import type { Acknowledgements } from './acknowledgements';
import type { BatchQueue } from './batch-queue';
import type { RecorderContext } from './context';
import { writeIsolating } from './row-isolation';
import { isRowError } from './sql-session';
import { RateMeter } from '@/server/bus/rate-meter';
import { loopBackoff } from '@/server/bus/retry';
import { sleep } from '@/server/bus/sleep';
import { releaseBatch, type WorkBatch } from './work-batch';
import { writeBatch, type WriteResult } from './write-batch';

/** After a batch met rows already stored, batches take the idempotent path this long. */
const FRESH_AFTER_CONFLICT_MS = 30_000;

export interface WriterReport {
  /** Batches being written now. */
  writing: number;
  /** Whether the last write reached the store. */
  storeOk: boolean;
  /** The longest single statement so far (ms). */
  longestStatementMs: number;
  lastCommitAt: number | null;
  eventsPerSec: number;
}

export class BatchWriter {
  /** Events written per second over the last 10 complete seconds. */
  private readonly rate = new RateMeter(10_000, 10);
  private writing = 0;
  private storeOk = true;
  private longestStatementMs = 0;
  private lastCommitAt: number | null = null;
  private lastConflictAt = 0;

  constructor(
    private readonly ctx: Pick<
      RecorderContext,
      'sql' | 'options' | 'log' | 'errors' | 'totals' | 'stopSignal' | 'sagas' | 'sagaNotice'
    >,
    private readonly queue: BatchQueue<WorkBatch>,
    private readonly acks: Acknowledgements,
  ) {}

  report(now: number): WriterReport {
    return {
      writing: this.writing,
      storeOk: this.storeOk,
      longestStatementMs: this.longestStatementMs,
      lastCommitAt: this.lastCommitAt,
      eventsPerSec: this.rate.settledPerSecond(now),
    };
  }

  /** One writer: runs until the queue is closed and drained. */
  async run(): Promise<void> {
    for (;;) {
      const batch = await this.queue.take();
      if (!batch) return;
      this.writing += 1;
      try {
        // a batch handed over by the reader arrives in the same tick: let the loop breathe first
        await this.ctx.sql.pause();
        if (await this.commit(batch)) await this.acks.ackBatch(batch);
        else releaseBatch(batch);
      } finally {
        this.writing -= 1;
      }
    }
  }

  /** Commits the batch, retrying with backoff while the store is away; false when stopped first. */
  private async commit(batch: WorkBatch): Promise<boolean> {
    if (batch.rows === 0) return true;
    const backoff = loopBackoff(100, this.ctx.options.maxBackoffMs);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.write(batch);
        this.account(result);
        if (!this.storeOk) this.ctx.log.info({ attempt }, 'store reachable again; recording resumed');
        this.storeOk = true;
        return true;
      } catch (error) {
        this.storeOk = false;
        const retryInMs = backoff.next();
        this.ctx.errors.record('write', error, { rows: batch.rows, attempt, retryInMs });
        if (this.ctx.stopSignal.aborted) return false;
        await sleep(retryInMs, this.ctx.stopSignal);
      }
    }
  }

  /**
   * Batches expected to be new take the fast path (plain inserts) until a redelivery shows up; then the
   * idempotent path for a while (see writeBatch).
   */
  private async write(batch: WorkBatch): Promise<WriteResult> {
    const fresh = !batch.redelivered && Date.now() - this.lastConflictAt > FRESH_AFTER_CONFLICT_MS;
    const choreographies = this.choreographies;
    try {
      const result = await writeBatch(this.ctx.sql, batch.records, { fresh, choreographies });
      if (result.conflicted) this.lastConflictAt = Date.now();
      return result;
    } catch (error) {
      if (!isRowError(error)) throw error;
      return writeIsolating(this.ctx.sql, batch.records, this.ctx.log, { choreographies });
    }
  }

  /** Bound once: the catalog's index is swapped on refresh, the lookup reads the current one. */
  private readonly choreographies = (type: string) => this.ctx.sagas.matches(type);

  private account(result: WriteResult): void {
    const now = Date.now();
    const { totals } = this.ctx;
    this.longestStatementMs = Math.max(this.longestStatementMs, result.longestStatementMs);
    totals.events += result.events;
    totals.deliveries += result.deliveries;
    totals.deadLetters += result.deadLetters;
    totals.duplicates += result.duplicates;
    totals.quarantined += result.quarantined;
    totals.rejected += result.rejected;
    totals.sagaInvalid += result.sagaInvalid;
    totals.batches += 1;
    this.rate.add(result.events, now);
    this.lastCommitAt = now;
    this.ctx.sagaNotice({ instances: result.sagaInstances, steps: result.sagaSteps });
  }
}
