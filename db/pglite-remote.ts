/**
 * The embedded store's client on the main thread: PGlite itself runs in a worker thread
 * (`pglite-worker.mjs`), so a long statement (an ingest batch, a retention delete, a search over a
 * million rows) never stalls the event loop. It offers the part of PGlite's API that EventLens and
 * drizzle-orm/pglite use: `query`, `exec`, `transaction` and `close`.
 *
 * Protocol: every request carries an id and gets one answer `{id, ok, value | error}`. A transaction is
 * `begin` (answers its id once BEGIN ran), statements tagged with that id, then `commit` or `rollback`.
 * Parameters and rows cross by structured clone (Date, BigInt, Uint8Array and plain objects survive);
 * errors cross as plain objects and come back as Errors with their Postgres fields (`code`, `detail`,
 * `constraint`, ...) and the caller's stack. A worker that dies is started again on the same directory.
 */
import { Worker } from 'node:worker_threads';
import type {
  RemoteResults,
  RemoteQueryOptions,
  RemoteQueryable,
  RemoteTransaction,
  WireQueryOptions,
  Request,
  WireError,
  Reply,
  Ready,
} from './pglite-wire';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Captured when the call was made: the stack a failure reports. */
  site: Error;
}

const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);
const PROBE = '\u0000remote-pglite-probe';
const OWN_FRAME = /[/\\]pglite-remote\.[jt]s:/;
const verifiedParsers = new WeakMap<object, number[]>();
const RESTART_MIN_MS = 200;
const RESTART_MAX_MS = 5_000;

/** A worker with the database open, or the reason it could not open it. */
async function startWorker(dataDir: string, from: Uint8Array | undefined): Promise<Worker> {
  // no inherited flags: the worker is plain JavaScript and needs no loader (tsx, vitest)
  const worker = new Worker(WORKER_URL, { workerData: { dataDir, from }, execArgv: [] });
  const site = new Error();
  let onMessage!: (ready: Ready) => void;
  let onError!: (error: Error) => void;
  let onExit!: (code: number) => void;
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      onMessage = resolve;
      onError = reject;
      onExit = (code) => reject(new Error(`the PGlite worker exited (code ${code}) while opening`));
      worker.once('message', onMessage).once('error', onError).once('exit', onExit);
    });
    if (!ready.ready) throw remoteError(ready.error, site);
  } catch (error) {
    await worker.terminate();
    throw error;
  } finally {
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
  }
  return worker;
}

export class RemotePglite implements RemoteQueryable {
  /**
   * Starts the worker and opens the database in `dataDir` (`memory://` for a throwaway one). `from`, a
   * `dump()` of another store, fills a new directory with its files instead of running initdb.
   */
  static async open(dataDir: string, from?: Uint8Array): Promise<RemotePglite> {
    // a restart finds a directory on disk filled (PGlite refuses to load files over it); a memory://
    // database comes back as it was opened
    const again = dataDir.startsWith('memory://') ? from : undefined;
    return new RemotePglite(await startWorker(dataDir, from), dataDir, again);
  }

  private readonly pending = new Map<number, Pending>();
  private lastId = 0;
  /** Why calls fail now (the worker stopped, or close() was called); null while it serves. */
  private failure: string | null = null;
  private closing: Promise<void> | null = null;

  /** Pending restart after the worker died (not after close()). */
  private restartTimer: NodeJS.Timeout | null = null;
  private restartDelayMs = RESTART_MIN_MS;

  private constructor(
    private worker: Worker,
    private readonly dataDir: string,
    /** What a restarted worker opens the directory from. */
    private readonly from: Uint8Array | undefined,
  ) {
    this.attach(worker);
  }

  private attach(worker: Worker): void {
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => {
      this.failure ??= `the PGlite worker failed: ${error.message}`;
    });
    worker.on('exit', (code) => {
      this.failure ??= `the PGlite worker exited (code ${code})`;
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const call of pending) call.reject(withSite(new Error(this.failure), call.site));
      if (this.closing === null) this.scheduleRestart();
    });
    // idle, the worker does not keep the process alive (as an in-process PGlite would not)
    worker.unref();
  }

  /**
   * A worker that died (out of memory, a crash in the engine) is started again on the same data
   * directory, with backoff; calls fail fast meanwhile, so the health probe shows the store down and
   * the recorder keeps its entries pending until it is back. A `memory://` database comes back empty.
   */
  private scheduleRestart(): void {
    if (this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      startWorker(this.dataDir, this.from).then(
        async (worker) => {
          if (this.closing !== null) return void (await worker.terminate());
          this.worker = worker;
          this.attach(worker);
          this.failure = null;
          this.restartDelayMs = RESTART_MIN_MS;
        },
        () => {
          this.restartDelayMs = Math.min(this.restartDelayMs * 2, RESTART_MAX_MS);
          if (this.closing === null) this.scheduleRestart();
        },
      );
    }, this.restartDelayMs);
    this.restartTimer.unref();
  }

  /** True once close() was called or the worker stopped: every call then rejects. */
  get closed(): boolean {
    return this.failure !== null;
  }

  query<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: RemoteQueryOptions,
  ): Promise<RemoteResults<T>> {
    return this.queryIn(undefined, text, params, options);
  }

  exec(text: string): Promise<RemoteResults[]> {
    return this.call({ op: 'exec', text });
  }

  /** Runs `work` in one transaction: commits when it resolves, rolls back when it throws. */
  async transaction<T>(work: (tx: RemoteTransaction) => Promise<T>): Promise<T> {
    const id = await this.call<number>({ op: 'begin' });
    let closed = false;
    const closedError = () => Promise.reject(new Error('Transaction is closed'));
    const tx: RemoteTransaction = {
      query: <R>(text: string, params?: readonly unknown[], options?: RemoteQueryOptions) =>
        closed ? closedError() : this.queryIn<R>(id, text, params, options),
      exec: (text: string) =>
        closed ? closedError() : this.call<RemoteResults[]>({ op: 'exec', text, tx: id }),
      rollback: async () => {
        if (closed) return closedError();
        closed = true;
        await this.call({ op: 'rollback', tx: id });
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      if (!closed) {
        closed = true;
        // the work's error says more than a failed rollback (the worker then stopped: nothing to undo)
        await this.call({ op: 'rollback', tx: id }).catch(() => {});
      }
      throw error;
    }
    if (!closed) {
      closed = true;
      await this.call({ op: 'commit', tx: id });
    }
    return result;
  }

  /** The database's files as one uncompressed tarball, for `open(…, from)`. */
  dump(): Promise<Uint8Array> {
    return this.call({ op: 'dump' });
  }

  /** Closes the database and ends the worker; later calls reject. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.restartTimer) clearTimeout(this.restartTimer);
      if (this.failure === null) {
        const closing = this.call({ op: 'close' });
        this.failure = 'the PGlite store is closed';
        await closing.catch(() => {});
      }
      this.failure = 'the PGlite store is closed';
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private queryIn<T>(
    tx: number | undefined,
    text: string,
    params: readonly unknown[] | undefined,
    options: RemoteQueryOptions | undefined,
  ): Promise<RemoteResults<T>> {
    let wire: WireQueryOptions | undefined;
    if (options) {
      const unsupported = Object.keys(options).filter(
        (key) => !['rowMode', 'parsers', 'paramTypes'].includes(key),
      );
      if (unsupported.length > 0)
        return Promise.reject(
          new TypeError(`RemotePglite: option ${unsupported.join(', ')} is not supported`),
        );
      wire = {};
      if (options.rowMode) wire.rowMode = options.rowMode;
      if (options.paramTypes) wire.paramTypes = options.paramTypes;
      if (options.parsers) {
        try {
          wire.identityParsers = identityParsers(options.parsers);
        } catch (error) {
          return Promise.reject(error as Error);
        }
      }
    }
    return this.call({
      op: 'query',
      text,
      params,
      ...(wire ? { options: wire } : {}),
      ...(tx ? { tx } : {}),
    });
  }

  private call<T>(request: Request): Promise<T> {
    const site = new Error();
    if (this.failure !== null) return Promise.reject(withSite(new Error(this.failure), site));
    const id = ++this.lastId;
    return new Promise<T>((resolve, reject) => {
      try {
        this.worker.postMessage({ id, ...request });
      } catch (error) {
        // e.g. a parameter the structured clone cannot copy (a function, a class with private state)
        reject(withSite(error as Error, site));
        return;
      }
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, site });
    });
  }

  private settle(reply: Reply): void {
    const call = this.pending.get(reply.id);
    if (!call) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) call.resolve(reply.value);
    else call.reject(remoteError(reply.error, call.site));
  }
}

/** The oids of `parsers`, all of which must return their input unchanged (they are re-created in the worker). */
function identityParsers(parsers: Record<number, (value: string, typeId: number) => unknown>): number[] {
  let oids = verifiedParsers.get(parsers);
  if (!oids) {
    oids = Object.entries(parsers).map(([key, parse]) => {
      const oid = Number(key);
      if (parse(PROBE, oid) !== PROBE)
        throw new TypeError(
          `RemotePglite: the parser for type ${key} transforms its value; only parsers that return the raw text can cross to the worker`,
        );
      return oid;
    });
    verifiedParsers.set(parsers, oids);
  }
  return oids;
}

/** The worker's error as an Error here: its fields (`code`, `detail`, ...), the caller's stack. */
function remoteError(wire: WireError, site: Error): Error {
  const error = Object.assign(new Error(wire.message), wire);
  return withSite(error, site);
}

/** Gives `error` the stack captured at the call, without this module's own frames. */
function withSite(error: Error, site: Error): Error {
  const frames = site.stack?.split('\n').slice(1) ?? [];
  const first = frames.findIndex((frame) => !OWN_FRAME.test(frame));
  if (first >= 0) error.stack = [`${error.name}: ${error.message}`, ...frames.slice(first)].join('\n');
  return error;
}
