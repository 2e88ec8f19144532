/**
 * The recorder: its own consumer group on every topic stream, dead-letter stream, the telemetry stream
 * and every discovered foreign stream; entries projected to rows, written in batches (idempotent, one
 * transaction each), acked only after the commit. If the store goes away, entries stay pending, reading
 * pauses (bounded queue) and the recorder catches up when it returns. Several recorders may share the
 * group: idle entries of dead ones are taken over. Loops log, back off, count and surface their errors
 * (`status()`); they never spin and never die.
 *
 *   reader ──(bounded queue of batches)──▶ writers (N) ──commit──▶ XACK
 *   status sampler (lag per stream) · maintenance (partitions, retention)
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Store } from '@/db/client';
import type { Keys } from '@/server/bus';
import { BatchQueue } from './batch-queue';
import { ErrorBook } from './error-book';
import { sampleLag, type StreamStatus } from './lag';
import { silentLogger, type Logger } from './logger';
import { runMaintenance, type MaintenanceReport } from './maintenance';
import { resolveOptions, type RecorderOptions, type RecorderSettings } from './options';
import { projectEntry } from './project';
import { RateMeter } from './rate-meter';
import { EntryReader, type ReadEntry } from './reader';
import { isRowError, sqlStore, type SqlStore } from './sql-session';
import type { RecorderStatus, RecorderTotals } from './status';
import { StreamRegistry, type StreamState } from './streams';
import {
  writeBatch,
  writeIsolating,
  writeLagSamples,
  type RecordBatch,
  type WriteResult,
} from './write-batch';

export interface RecorderDeps {
  /** A command connection (from createRedis); the recorder duplicates it for its blocking reads. */
  redis: Redis;
  store: Store;
  keys: Keys;
  log?: Logger;
  options?: RecorderSettings;
}

export interface Recorder {
  readonly group: string;
  readonly consumer: string;
  /** Resolves once the first discovery and the first maintenance run are done. */
  readonly ready: Promise<void>;
  status(): RecorderStatus;
  /** Runs maintenance now (it also runs every `maintenanceEveryMs`). */
  maintain(now?: number): Promise<MaintenanceReport>;
  /** Stops reading, commits and acks what was read (up to `stopTimeoutMs`), leaves the rest pending. */
  stop(): Promise<void>;
}

export function startRecorder(deps: RecorderDeps): Recorder {
  return new RecorderProcess(deps);
}

interface WorkBatch {
  records: RecordBatch;
  acks: Map<StreamState, string[]>;
  rows: number;
  entries: number;
  /** Entries read before (claimed, or this consumer's own pending): likely stored already. */
  redelivered: boolean;
}

/** Entries projected between two breaks: the server shares this thread with HTTP and sockets. */
const YIELD_EVERY = 200;
/** After a batch met rows already stored, batches take the idempotent path this long. */
const FRESH_AFTER_CONFLICT_MS = 30_000;

class RecorderProcess implements Recorder {
  readonly group: string;
  readonly consumer: string;
  readonly ready: Promise<void>;

  private readonly options: RecorderOptions;
  private readonly log: Logger;
  private readonly sql: SqlStore;
  private readonly connection: Redis;
  private readonly registry: StreamRegistry;
  private readonly reader: EntryReader;
  private readonly queue: BatchQueue<WorkBatch>;
  private readonly stop$ = new AbortController();
  private readonly rate = new RateMeter(10);
  private readonly totals: RecorderTotals = {
    events: 0,
    deliveries: 0,
    deadLetters: 0,
    duplicates: 0,
    quarantined: 0,
    rejected: 0,
    claimed: 0,
    trimmed: 0,
    telemetryDropped: 0,
    unknownTelemetry: 0,
    batches: 0,
  };
  private readonly errors: ErrorBook;
  private streamStatus: StreamStatus[] = [];
  private storeOk = true;
  private lastReadErrorAt = 0;
  private lastCommitAt: number | null = null;
  private lastMaintenance: RecorderStatus['lastMaintenance'] = null;
  private maintenanceChain: Promise<unknown> = Promise.resolve();
  private writing = 0;
  private started = false;
  private stopping = false;
  private stopped: Promise<void> | null = null;
  private state: RecorderStatus['state'] = 'starting';
  private lastDiscovery = 0;
  private lastClaim = 0;
  private lastSweep = 0;
  private lastLagSample = 0;
  private lastConflictAt = 0;
  /** Rows per batch now: `batchSize` on Postgres; on PGlite it adapts to keep each statement short. */
  private longestStatementMs = 0;
  private unacked: { stream: StreamState; ids: string[] }[] = [];
  private readonly loops: Promise<void>[];
  private readonly writerLoops: Promise<void>[];
  private readonly readLoopDone: Promise<void>;
  private markReady!: () => void;
  private maintenanceStarted!: Promise<void>;

  constructor(private readonly deps: RecorderDeps) {
    this.options = resolveOptions(deps.store.kind, deps.options);
    this.group = this.options.group;
    this.consumer =
      this.options.consumer ?? `recorder-${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
    this.log = deps.log ?? silentLogger;
    this.errors = new ErrorBook(this.log);
    this.sql = sqlStore(deps.store);
    // reads wait across reconnects; `disconnect()` at stop ends a blocked read
    this.connection = deps.redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      connectionName: `eventlens:recorder:${this.consumer}`,
    });
    this.connection.on('error', () => {
      // connection errors surface as failed commands on the command connection (status sampler)
    });
    this.registry = new StreamRegistry(this.connection, deps.keys, {
      group: this.group,
      glob: this.options.streams,
      startFrom: this.options.startFrom,
    });
    this.reader = new EntryReader(this.connection, this.group, this.consumer);
    this.queue = new BatchQueue(this.options.writers);
    this.ready = new Promise((resolve) => (this.markReady = resolve));

    const maintenance = this.maintenanceLoop();
    this.readLoopDone = this.readLoop();
    this.writerLoops = Array.from({ length: this.options.writers }, () => this.writeLoop());
    this.loops = [maintenance, this.statusLoop()];
  }

  status(): RecorderStatus {
    const now = Date.now();
    let state = this.state;
    if (
      state === 'running' &&
      (!this.storeOk || now - this.lastReadErrorAt < 2 * this.options.maxBackoffMs)
    ) {
      state = 'degraded';
    }
    return {
      state,
      group: this.group,
      consumer: this.consumer,
      store: this.deps.store.kind,
      streams: this.streamStatus,
      lagMs: this.streamStatus.reduce((max, s) => Math.max(max, s.lagMs), 0),
      eventsPerSec: Math.round(this.rate.perSecond(now)),
      totals: { ...this.totals },
      batchesInFlight: this.queue.length + this.writing,
      batchRows: this.options.batchSize,
      longestStatementMs: Math.round(this.longestStatementMs * 10) / 10,
      storeOk: this.storeOk,
      errors: this.errors.snapshot(),
      lastCommitAt: this.lastCommitAt === null ? null : new Date(this.lastCommitAt).toISOString(),
      lastMaintenance: this.lastMaintenance,
    };
  }

  maintain(now?: number): Promise<MaintenanceReport> {
    const run = this.maintenanceChain.then(async () => {
      const report = await runMaintenance(
        this.sql,
        this.options.maintenance,
        now ?? Date.now(),
        this.stop$.signal,
      );
      this.lastMaintenance = { at: new Date().toISOString(), report };
      const changed = report.created.length + report.dropped.length;
      const deleted = report.deleted.events + report.deleted.deliveries + report.deleted.rollups;
      if (changed > 0 || deleted > 0) this.log.info({ ...report }, 'store maintenance');
      if (report.skipped.length > 0)
        this.log.warn({ skipped: report.skipped }, 'store maintenance skipped partitions');
      return report;
    });
    this.maintenanceChain = run.catch(() => undefined);
    return run;
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.state = 'stopping';
      this.stop$.abort();
      this.connection.disconnect();
      this.queue.close();
      await this.readLoopDone;
      // writers commit what was read while the store answers, within the deadline
      const drained = await withDeadline(Promise.all(this.writerLoops), this.options.stopTimeoutMs);
      if (!drained) for (const batch of this.queue.drain()) this.release(batch);
      await withDeadline(Promise.allSettled(this.loops), this.options.stopTimeoutMs);
      await this.leaveGroup().catch((error: unknown) => this.errors.record('ack', error));
      this.state = 'stopped';
      this.log.info({ consumer: this.consumer, totals: this.totals }, 'recorder stopped');
    })();
    return this.stopped;
  }

  // ------------------------------------------------------------------------------------------- reading

  private async readLoop(): Promise<void> {
    await this.maintenanceStarted;
    let backoff = 100;
    while (!this.stopping) {
      try {
        if (Date.now() - this.lastDiscovery >= this.options.discoverEveryMs) await this.discover();
        if (!this.started) {
          this.started = true;
          this.state = 'running';
          this.markReady();
        }
        await this.retryAcks();
        await this.claimIdle();
        await this.sweepDeadConsumers();
        await this.readOwnPending();
        await this.queue.room();
        if (this.stopping) break;
        const streams = this.registry.list();
        if (streams.length === 0) {
          await this.sleep(Math.min(this.options.blockMs, this.options.discoverEveryMs));
          continue;
        }
        const count = Math.max(
          10,
          Math.min(this.options.readCount, Math.floor(this.options.maxReadEntries / streams.length)),
        );
        await this.enqueue(await this.reader.readNew(streams, count, this.options.blockMs));
        backoff = 100;
      } catch (error) {
        if (this.stopping) break;
        this.lastReadErrorAt = Date.now();
        const message = (error as Error).message;
        const nogroup = /NOGROUP No such key '(.+?)' or consumer group/.exec(message);
        if (nogroup) {
          // a stream was deleted (or its group destroyed): forget it; discovery adds it back if it returns
          this.registry.forget(nogroup[1]!);
          this.lastDiscovery = 0;
        } else if (/NOGROUP|WRONGTYPE/.test(message)) {
          // a read key is no longer a stream (or Redis did not say which): start over from discovery
          this.registry.forgetAll();
          this.lastDiscovery = 0;
        }
        this.errors.record('read', error, { retryInMs: backoff });
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
  }

  private async discover(): Promise<void> {
    this.lastDiscovery = Date.now();
    try {
      const added = await this.registry.discover();
      if (added.length > 0) {
        this.log.info({ group: this.group, streams: added.map((s) => s.key) }, 'recording new streams');
      }
    } catch (error) {
      this.errors.record('discover', error);
      if (!this.started) throw error; // not ready before the first discovery succeeds
    }
  }

  private async readOwnPending(): Promise<void> {
    while (!this.stopping && this.registry.list().some((s) => s.pendingCursor !== null)) {
      await this.enqueue(
        await this.reader.readOwnPending(this.registry.list(), this.options.readCount),
        true,
      );
    }
  }

  private async claimIdle(): Promise<void> {
    if (Date.now() - this.lastClaim < this.options.claimEveryMs) return;
    this.lastClaim = Date.now();
    let claimed = 0;
    try {
      // rounds while there may be more, up to one read's worth per cycle
      do {
        const streams = this.registry.list();
        const entries = await this.reader.claimIdle(
          streams,
          this.options.claimIdleMs,
          this.options.readCount,
        );
        claimed += entries.length;
        await this.enqueue(entries, true);
        if (streams.every((s) => s.claimCursor === '0-0')) break;
      } while (!this.stopping && claimed < this.options.maxReadEntries);
    } catch (error) {
      this.errors.record('claim', error);
    }
    if (claimed > 0) {
      this.totals.claimed += claimed;
      this.log.info({ claimed }, 'took over entries idle on other recorders');
    }
  }

  /** Removes consumers of the recorder group that died long ago with nothing pending. */
  private async sweepDeadConsumers(): Promise<void> {
    const every = Math.max(60_000, this.options.claimEveryMs * 12);
    if (Date.now() - this.lastSweep < every) return;
    this.lastSweep = Date.now();
    try {
      const streams = this.registry.list();
      const info = this.deps.redis.pipeline();
      for (const stream of streams) info.xinfo('CONSUMERS', stream.key, this.group);
      const results = ((await info.exec()) as [Error | null, unknown][] | null) ?? [];
      const removal = this.deps.redis.pipeline();
      let removals = 0;
      streams.forEach((stream, i) => {
        const [error, consumers] = results[i] ?? [null, []];
        if (error || !Array.isArray(consumers)) return;
        for (const flat of consumers as unknown[][]) {
          const c: Record<string, unknown> = {};
          for (let j = 0; j + 1 < flat.length; j += 2) c[String(flat[j])] = flat[j + 1];
          const dead = Number(c.pending) === 0 && Number(c.idle) > this.options.deadConsumerIdleMs;
          if (dead && c.name !== this.consumer) {
            removal.xgroup('DELCONSUMER', stream.key, this.group, String(c.name));
            removals += 1;
          }
        }
      });
      if (removals > 0) await removal.exec();
    } catch (error) {
      this.errors.record('claim', error);
    }
  }

  /** Projects entries into batches of at most `batchSize` rows and queues them (waits while the queue is full). */
  private async enqueue(entries: readonly ReadEntry[], redelivered = false): Promise<void> {
    if (entries.length === 0) return;
    const now = Date.now();
    let batch = newBatch(redelivered);
    let projected = 0;
    for (const entry of entries) {
      // the server shares this thread (and PGlite runs on it): a long read projects in slices
      if (++projected % YIELD_EVERY === 0) await breathe();
      const { stream, id } = entry;
      if (stream.inFlight.has(id)) continue;
      stream.inFlight.add(id);
      let ids = batch.acks.get(stream);
      if (!ids) batch.acks.set(stream, (ids = []));
      ids.push(id);
      batch.entries += 1;
      if (entry.flat === null) {
        this.totals.trimmed += 1;
        continue;
      }
      const projection = projectEntry(stream, id, entry.flat, this.options.fields, now);
      if (projection.kind === 'event') {
        batch.records.events.push(projection.row);
        batch.rows += 1;
      } else if (projection.kind === 'dead-letter') {
        batch.records.deadLetters.push(projection.row);
        batch.rows += 1;
      } else {
        for (const row of projection.rows) batch.records.deliveries.push(row);
        batch.rows += projection.rows.length;
        this.totals.telemetryDropped += projection.dropped;
        if (projection.unknownFormat) this.totals.unknownTelemetry += 1;
      }
      if (batch.rows >= this.options.batchSize) {
        if (!(await this.queue.push(batch))) return this.release(batch);
        batch = newBatch(redelivered);
        await this.sql.pause();
      }
    }
    if (batch.entries > 0 && !(await this.queue.push(batch))) this.release(batch);
  }

  // ------------------------------------------------------------------------------------------- writing

  private async writeLoop(): Promise<void> {
    for (;;) {
      const batch = await this.queue.take();
      if (!batch) return;
      this.writing += 1;
      try {
        // a batch handed over by the reader arrives in the same tick: let the loop breathe first
        await this.sql.pause();
        if (await this.commit(batch)) await this.ack(batch);
        else this.release(batch);
      } finally {
        this.writing -= 1;
      }
    }
  }

  /** Commits the batch, retrying with backoff while the store is away; false when stopped first. */
  private async commit(batch: WorkBatch): Promise<boolean> {
    if (batch.rows === 0) return true;
    let backoff = 100;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.write(batch);
        this.account(result);
        if (!this.storeOk) this.log.info({ attempt }, 'store reachable again; recording resumed');
        this.storeOk = true;
        return true;
      } catch (error) {
        this.storeOk = false;
        this.errors.record('write', error, { rows: batch.rows, attempt, retryInMs: backoff });
        if (this.stopping) return false;
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
  }

  /**
   * Batches expected to be new take the fast path (plain inserts) until a redelivery shows up; then the
   * idempotent path for a while (see writeBatch).
   */
  private async write(batch: WorkBatch): Promise<WriteResult> {
    const fresh = !batch.redelivered && Date.now() - this.lastConflictAt > FRESH_AFTER_CONFLICT_MS;
    try {
      const result = await writeBatch(this.sql, batch.records, { fresh });
      if (result.conflicted) this.lastConflictAt = Date.now();
      return result;
    } catch (error) {
      if (!isRowError(error)) throw error;
      return writeIsolating(this.sql, batch.records, this.log);
    }
  }

  private account(result: WriteResult): void {
    const now = Date.now();
    this.longestStatementMs = Math.max(this.longestStatementMs, result.longestStatementMs);
    this.totals.events += result.events;
    this.totals.deliveries += result.deliveries;
    this.totals.deadLetters += result.deadLetters;
    this.totals.duplicates += result.duplicates;
    this.totals.quarantined += result.quarantined;
    this.totals.rejected += result.rejected;
    this.totals.batches += 1;
    this.rate.add(result.events, now);
    this.lastCommitAt = now;
  }

  /** XACK after the commit; a failed ack is retried, and the entries are released to be claimed again. */
  private async ack(batch: WorkBatch): Promise<void> {
    const items = [...batch.acks].map(([stream, ids]) => ({ stream, ids }));
    try {
      await this.xack(items);
    } catch (error) {
      this.errors.record('ack', error, { entries: batch.entries });
      // re-recording these later is harmless (idempotent); losing their ack only delays it
      this.unacked.push(...items);
      let held = this.unacked.reduce((n, u) => n + u.ids.length, 0);
      while (held > 100_000 && this.unacked.length > 0) held -= this.unacked.shift()!.ids.length;
    } finally {
      this.release(batch);
    }
  }

  private async retryAcks(): Promise<void> {
    if (this.unacked.length === 0) return;
    const items = this.unacked;
    this.unacked = [];
    try {
      await this.xack(items);
    } catch (error) {
      this.unacked.unshift(...items);
      this.errors.record('ack', error);
    }
  }

  private async xack(items: readonly { stream: StreamState; ids: string[] }[]): Promise<void> {
    const pipeline = this.deps.redis.pipeline();
    for (const { stream, ids } of items) pipeline.xack(stream.key, this.group, ...ids);
    const results = await pipeline.exec();
    if (!results) throw new Error('ack pipeline discarded');
    // a per-stream error (the stream was deleted meanwhile) leaves nothing to ack there
    const failed = results.find(([error]) => error && !/NOGROUP/.test(error.message));
    if (failed?.[0]) throw failed[0];
  }

  private release(batch: WorkBatch): void {
    for (const [stream, ids] of batch.acks) for (const id of ids) stream.inFlight.delete(id);
  }

  /** On stop: leaves the group on streams where this consumer holds nothing (pending entries keep it). */
  private async leaveGroup(): Promise<void> {
    const streams = this.registry.list();
    if (streams.length === 0 || this.deps.redis.status !== 'ready') return;
    const check = this.deps.redis.pipeline();
    for (const s of streams) check.xpending(s.key, this.group, '-', '+', 1, this.consumer);
    const results = ((await check.exec()) as [Error | null, unknown][] | null) ?? [];
    const leave = this.deps.redis.pipeline();
    let n = 0;
    streams.forEach((s, i) => {
      const [error, pending] = results[i] ?? [null, null];
      if (!error && Array.isArray(pending) && pending.length === 0) {
        leave.xgroup('DELCONSUMER', s.key, this.group, this.consumer);
        n += 1;
      }
    });
    if (n > 0) await leave.exec();
  }

  // --------------------------------------------------------------------------------- status, upkeep

  private async statusLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        const now = Date.now();
        const snapshot = await sampleLag(this.deps.redis, this.group, this.registry.list(), now);
        this.streamStatus = snapshot.streams;
        const every = this.options.lagSampleEveryMs;
        if (every > 0 && now - this.lastLagSample >= every && snapshot.groups.length > 0) {
          this.lastLagSample = now;
          await writeLagSamples(this.sql, snapshot.groups, now).catch((error: unknown) =>
            this.errors.record('lag-sample', error),
          );
        }
      } catch (error) {
        this.errors.record('status', error);
      }
      await this.sleep(this.options.statusEveryMs);
    }
  }

  private async maintenanceLoop(): Promise<void> {
    let started!: () => void;
    this.maintenanceStarted = new Promise((resolve) => (started = resolve));
    if (this.options.maintenanceEveryMs <= 0) return started();
    // the first run creates today's partition before the first write
    await this.maintain().catch((error: unknown) => this.errors.record('maintenance', error));
    started();
    while (!this.stopping) {
      await this.sleep(this.options.maintenanceEveryMs);
      if (this.stopping) break;
      await this.maintain().catch((error: unknown) => this.errors.record('maintenance', error));
    }
  }

  // ------------------------------------------------------------------------------------------ support

  private sleep(ms: number): Promise<void> {
    return sleep(ms, this.stop$.signal);
  }
}

function newBatch(redelivered: boolean): WorkBatch {
  return {
    records: { events: [], deliveries: [], deadLetters: [] },
    acks: new Map(),
    rows: 0,
    entries: 0,
    redelivered,
  };
}

const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether `work` settled within `ms` (it keeps running either way). */
async function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
