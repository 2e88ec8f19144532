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
 *
 * This file runs the reader and wires the parts: entry-batcher (entries to batches), batch-writer,
 * acknowledgements, group-housekeeping (own pending, claims, dead consumers), status-sampler,
 * maintenance-schedule and key-notifications (new streams announced by Redis, read from the next round).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Store } from '@/db/client';
import { unwrapQueryError } from '@/db/store-cause';
import type { Keys } from '@/server/bus';
import { Acknowledgements } from './acknowledgements';
import { BatchQueue } from './batch-queue';
import { BatchWriter } from './batch-writer';
import type { RecorderContext } from './context';
import { EntryBatcher } from './entry-batcher';
import { ErrorBook } from './error-book';
import { GroupHousekeeping } from './group-housekeeping';
import { KeyNotifications } from './key-notifications';
import { silentLogger, type Logger } from './logger';
import type { MaintenanceReport } from './maintenance';
import { MaintenanceSchedule } from './maintenance-schedule';
import { notRunningReason } from './not-running-reason';
import { resolveOptions, type RecorderSettings } from './options';
import { EntryReader } from './reader';
import { SagaCatalog } from './saga-choreographies';
import { sqlStore } from './sql-session';
import { emptyTotals, type RecorderStatus } from './status';
import { StatusSampler } from './status-sampler';
import { sagaNotices } from './saga-notices';
import { StreamRegistry } from './streams';
import { lastConnectionError, redisCause, trackConnectionErrors } from '@/server/bus/connection-cause';
import { untilAborted, withDeadline } from '@/server/bus/deadline';
import { loopBackoff } from '@/server/bus/retry';
import { sleep } from '@/server/bus/sleep';
import { releaseBatch, type WorkBatch } from './work-batch';

/** Pause before reading again after forgetting a deleted stream. */
const VANISHED_RETRY_MS = 50;

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

class RecorderProcess implements Recorder {
  readonly group: string;
  readonly consumer: string;
  readonly ready: Promise<void>;

  private readonly ctx: RecorderContext;
  private readonly stop$ = new AbortController();
  /** The reads' own connection: a blocked XREADGROUP must not hold up acks and status commands. */
  private readonly connection: Redis;
  private readonly reader: EntryReader;
  private readonly queue: BatchQueue<WorkBatch>;
  private readonly batcher: EntryBatcher;
  private readonly housekeeping: GroupHousekeeping;
  private readonly acks: Acknowledgements;
  private readonly writer: BatchWriter;
  private readonly sampler: StatusSampler;
  private readonly maintenance: MaintenanceSchedule;
  private readonly notifications: KeyNotifications;
  private notificationsStarted = false;
  private state: RecorderStatus['state'] = 'starting';
  private started = false;
  private stopped: Promise<void> | null = null;
  private lastReadErrorAt = 0;
  private lastDiscovery = 0;
  private markReady!: () => void;
  private readonly readLoopDone: Promise<void>;
  private readonly writerLoops: Promise<void>[];
  private readonly loops: Promise<void>[];

  constructor(private readonly deps: RecorderDeps) {
    const options = resolveOptions(deps.store.kind, deps.options);
    this.group = options.group;
    this.consumer =
      options.consumer ??
      `recorder-${options.storeTag ? `db${options.storeTag}-` : ''}${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
    const log = deps.log ?? silentLogger;
    // reads wait across reconnects; `disconnect()` at stop ends a blocked read
    this.connection = deps.redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      connectionName: `eventlens:recorder:${this.consumer}`,
    });
    trackConnectionErrors(this.connection);
    this.connection.on('error', () => {
      // connection errors surface as failed commands on the command connection (status sampler)
    });
    this.ctx = {
      group: this.group,
      consumer: this.consumer,
      options,
      log,
      // the socket's error, not ioredis' "Stream isn't writeable" nor drizzle's "Failed query: …"
      errors: new ErrorBook(log, (error) => redisCause(unwrapQueryError(error), this.connection, deps.redis)),
      sql: sqlStore(deps.store),
      redis: deps.redis,
      registry: new StreamRegistry(this.connection, deps.keys, {
        group: this.group,
        glob: options.streams,
        startFrom: options.startFrom,
        scanEveryMs: options.scanEveryMs,
      }),
      sagas: new SagaCatalog(deps.redis, deps.keys.sagaDefinitions()),
      sagaNotice: sagaNotices(deps.redis, deps.keys.sagaChanges(), log),
      totals: emptyTotals(),
      stopSignal: this.stop$.signal,
    };
    this.reader = new EntryReader(this.connection, this.group, this.consumer);
    this.queue = new BatchQueue(options.writers);
    this.batcher = new EntryBatcher(this.ctx, this.queue);
    this.housekeeping = new GroupHousekeeping(this.ctx, this.reader, (entries, redelivered) =>
      this.batcher.enqueue(entries, redelivered),
    );
    this.acks = new Acknowledgements(this.ctx);
    this.writer = new BatchWriter(this.ctx, this.queue, this.acks);
    this.sampler = new StatusSampler(this.ctx);
    this.maintenance = new MaintenanceSchedule(this.ctx);
    this.notifications = new KeyNotifications(deps.redis, {
      manage: options.manageNotifications,
      scanEveryMs: options.scanEveryMs,
      connectionName: `eventlens:recorder-keyevents:${this.consumer}`,
      log,
      onKey: (key) => this.ctx.registry.notice(key),
      onMissed: () => this.ctx.registry.scanSoon(),
    });
    this.ready = new Promise((resolve) => (this.markReady = resolve));

    const maintenance = this.maintenance.run();
    this.readLoopDone = this.readLoop();
    this.writerLoops = Array.from({ length: options.writers }, () => this.writer.run());
    this.loops = [maintenance, this.sampler.run()];
  }

  status(): RecorderStatus {
    const now = Date.now();
    const { options, errors, totals } = this.ctx;
    const writer = this.writer.report(now);
    let state = this.state;
    const sharedWith = this.housekeeping.sharedWith;
    if (
      state === 'running' &&
      (!writer.storeOk || now - this.lastReadErrorAt < 2 * options.maxBackoffMs || sharedWith)
    ) {
      state = 'degraded';
    }
    const streams = this.sampler.streams;
    const last = errors.snapshot().last;
    const redisDown = lastConnectionError(this.connection) ?? lastConnectionError(this.deps.redis);
    return {
      state,
      reason: notRunningReason({ state, redisDown, storeOk: writer.storeOk, last, sharedWith }),
      group: this.group,
      consumer: this.consumer,
      store: this.deps.store.kind,
      streams,
      lagMs: streams.reduce((max, s) => Math.max(max, s.lagMs), 0),
      eventsPerSec: Math.round(writer.eventsPerSec),
      totals: { ...totals },
      batchesInFlight: this.queue.length + writer.writing,
      batchRows: options.batchSize,
      longestStatementMs: Math.round(writer.longestStatementMs * 10) / 10,
      storeOk: writer.storeOk,
      errors: errors.snapshot(),
      lastCommitAt: writer.lastCommitAt === null ? null : new Date(writer.lastCommitAt).toISOString(),
      discovery: this.notifications.status(),
      lastMaintenance: this.maintenance.last,
    };
  }

  maintain(now?: number): Promise<MaintenanceReport> {
    return this.maintenance.runNow(now);
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      const { options, errors, log, totals } = this.ctx;
      this.state = 'stopping';
      this.stop$.abort();
      this.connection.disconnect();
      this.notifications.stop();
      this.queue.close();
      await this.readLoopDone;
      // writers commit what was read while the store answers, within the deadline
      const drained = await withDeadline(
        Promise.all(this.writerLoops).then(() => true),
        options.stopTimeoutMs,
        () => false,
      );
      if (!drained) for (const batch of this.queue.drain()) releaseBatch(batch);
      await withDeadline(Promise.allSettled(this.loops), options.stopTimeoutMs, () => undefined);
      await this.housekeeping.leaveGroup().catch((error: unknown) => errors.record('ack', error));
      this.state = 'stopped';
      log.info({ consumer: this.consumer, totals }, 'recorder stopped');
    })();
    return this.stopped;
  }

  private get stopping(): boolean {
    return this.stop$.signal.aborted;
  }

  private async readLoop(): Promise<void> {
    await this.maintenance.firstRunDone;
    const backoff = loopBackoff(100, this.ctx.options.maxBackoffMs);
    const stopped = this.stop$.signal;
    while (!this.stopping) {
      try {
        // a read queued while Redis is away never settles once stop() closes the connection: stop waiting
        const read = await untilAborted(this.readRound(), stopped, () => false);
        // a round that completes means the streams can be read again: degraded no longer applies
        this.lastReadErrorAt = 0;
        if (read) backoff.reset();
      } catch (error) {
        if (this.stopping) break;
        if (this.forgetVanishedStreams((error as Error).message)) {
          // a deleted stream is not a fault: read the others again at once instead of backing off
          // once per deleted stream; the short pause bounds a loop if a group keeps being destroyed
          await sleep(VANISHED_RETRY_MS, stopped);
          continue;
        }
        this.lastReadErrorAt = Date.now();
        const retryInMs = backoff.next();
        this.ctx.errors.record('read', error, { retryInMs });
        await sleep(retryInMs, stopped);
      }
    }
  }

  /** One round of the reader: upkeep first, then new entries. False when there was nothing to read from. */
  private async readRound(): Promise<boolean> {
    const { options, registry } = this.ctx;
    if (!this.notificationsStarted) {
      // listening before the first discovery: a stream created in between is announced or scanned
      await this.notifications.start();
      this.notificationsStarted = true;
    }
    await this.notifications.recheck();
    if (registry.hasNotices || Date.now() - this.lastDiscovery >= options.discoverEveryMs) {
      await this.discover();
    }
    if (!this.started) {
      this.started = true;
      this.state = 'running';
      this.markReady();
    }
    await this.acks.retryFailed();
    await this.housekeeping.claimIdle();
    await this.housekeeping.sweepConsumers();
    await this.housekeeping.readOwnPending();
    await this.queue.room();
    if (this.stopping) return false;
    const streams = registry.list();
    if (streams.length === 0) {
      await sleep(Math.min(options.blockMs, options.discoverEveryMs), this.stop$.signal);
      return false;
    }
    // COUNT per stream shrinks as streams multiply, so that one read stays within maxReadEntries
    const count = Math.max(
      10,
      Math.min(options.readCount, Math.floor(options.maxReadEntries / streams.length)),
    );
    await this.batcher.enqueue(await this.reader.readNew(streams, count, options.blockMs));
    return true;
  }

  private async discover(): Promise<void> {
    this.lastDiscovery = Date.now();
    await this.refreshSagaCatalog();
    try {
      const added = await this.ctx.registry.discover();
      if (added.length > 0) {
        this.ctx.log.info({ group: this.group, streams: added.map((s) => s.key) }, 'recording new streams');
      }
    } catch (error) {
      if (this.stopping) return; // stop() closed the connection under it: not an error
      this.ctx.errors.record('discover', error);
      if (!this.started) throw error; // not ready before the first discovery succeeds
    }
  }

  /** Declared choreographies change as rarely as streams appear: looked for on the same schedule. */
  private async refreshSagaCatalog(): Promise<void> {
    try {
      await this.ctx.sagas.refresh();
    } catch (error) {
      // the last catalog stays in use; the error surfaces in status() like discovery's
      if (!this.stopping) this.ctx.errors.record('discover', error);
    }
  }

  /** True when the error only says a read stream is gone (or changed type) and has been forgotten. */
  private forgetVanishedStreams(readError: string): boolean {
    const nogroup = /NOGROUP No such key '(.+?)' or consumer group/.exec(readError);
    if (nogroup) {
      // a stream was deleted (or its group destroyed): forget it; discovery adds it back if it returns
      this.ctx.registry.forget(nogroup[1]!);
      this.lastDiscovery = 0;
      return true;
    }
    if (/NOGROUP|WRONGTYPE|UNBLOCKED the stream key no longer exists/.test(readError)) {
      // a read key is no longer a stream, or a blocked read saw one deleted, and Redis did not say
      // which: start over from discovery
      this.ctx.registry.forgetAll();
      this.lastDiscovery = 0;
      return true;
    }
    return false;
  }
}
