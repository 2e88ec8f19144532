/**
 * Read entries to work batches: each entry projected to rows, batches of at most `batchSize` rows handed
 * to the writers through the bounded queue (waiting while it is full, so a slow store slows the reading).
 * An entry already in flight in this process is skipped: it is being written.
 */
import type { BatchQueue } from './batch-queue';
import type { RecorderContext } from './context';
import { projectEntry } from './project';
import type { ReadEntry } from './reader';
import { breathe } from './timing';
import { newWorkBatch, releaseBatch, type WorkBatch } from './work-batch';

/** Entries projected between two breaks: the server shares this thread with HTTP and sockets. */
const YIELD_EVERY = 200;

export type Enqueue = (entries: readonly ReadEntry[], redelivered?: boolean) => Promise<void>;

export class EntryBatcher {
  constructor(
    private readonly ctx: Pick<RecorderContext, 'options' | 'totals' | 'sql'>,
    private readonly queue: BatchQueue<WorkBatch>,
  ) {}

  /** Projects entries into batches and queues them; `redelivered`: they were read before (see WorkBatch). */
  async enqueue(entries: readonly ReadEntry[], redelivered = false): Promise<void> {
    if (entries.length === 0) return;
    const now = Date.now();
    let batch = newWorkBatch(redelivered);
    let projected = 0;
    for (const entry of entries) {
      // the server shares this thread (and PGlite runs on it): a long read projects in slices
      if (++projected % YIELD_EVERY === 0) await breathe();
      if (!takeEntry(batch, entry)) continue;
      if (entry.flat === null) {
        this.ctx.totals.trimmed += 1;
        continue;
      }
      this.project(batch, entry, entry.flat, now);
      if (batch.rows >= this.ctx.options.batchSize) {
        if (!(await this.queue.push(batch))) return releaseBatch(batch);
        batch = newWorkBatch(redelivered);
        await this.ctx.sql.pause();
      }
    }
    if (batch.entries > 0 && !(await this.queue.push(batch))) releaseBatch(batch);
  }

  private project(batch: WorkBatch, { stream, id }: ReadEntry, flat: string[], now: number): void {
    const projection = projectEntry(stream, id, flat, this.ctx.options.fields, now);
    if (projection.kind === 'event') {
      batch.records.events.push(projection.row);
      batch.rows += 1;
    } else if (projection.kind === 'dead-letter') {
      batch.records.deadLetters.push(projection.row);
      batch.rows += 1;
    } else {
      for (const row of projection.rows) batch.records.deliveries.push(row);
      batch.rows += projection.rows.length;
      this.ctx.totals.telemetryDropped += projection.dropped;
      if (projection.unknownFormat) this.ctx.totals.unknownTelemetry += 1;
    }
  }
}

/** Puts the entry in flight with the batch (to be acked with it); false when it is in flight already. */
function takeEntry(batch: WorkBatch, { stream, id }: ReadEntry): boolean {
  if (stream.inFlight.has(id)) return false;
  stream.inFlight.add(id);
  let ids = batch.acks.get(stream);
  if (!ids) batch.acks.set(stream, (ids = []));
  ids.push(id);
  batch.entries += 1;
  return true;
}
