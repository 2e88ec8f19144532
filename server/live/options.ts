/** Tunables of the live layer, with their defaults. Every buffer here has a cap (ARCHITECTURE.md). */
export interface LiveOptions {
  /** How often tails are flushed to each client, one `tail:events` frame per client. Default 100 ms. */
  flushMs: number;
  /** Events per second one client gets at most (its tails share it); beyond it the relay samples evenly. Default 200. */
  maxEventsPerSec: number;
  /** Events one tail holds between two flushes; beyond it the sample thins (its stride doubles). Default 1,000. */
  maxQueuedEvents: number;
  /** engine.io packets waiting in a client's write buffer at which its frames are skipped (and counted). Default 8. */
  maxBufferedPackets: number;
  /** Entries a reconnect may replay at most; beyond it, or across a trim, the client gets `tail:reset`. Default 1,000. */
  maxReplay: number;
  /** Tails one client may hold. Default 8. */
  maxTailsPerClient: number;
  /** Push interval of the topology and metrics rooms. Default 1 s. */
  snapshotMs: number;
  /** A tail with no matching events still gets its positions this often. Default 1 s. */
  positionsEveryMs: number;
  /** Bytes (as sent) of an event's data shown in the tail; server/app.ts keeps it within EVENTLENS_PAYLOAD_PREVIEW_BYTES. Default 240. */
  previewBytes: number;
  /** XREAD COUNT, per stream. Default 500. */
  readCount: number;
  /** XREAD BLOCK. Default 1 s. */
  blockMs: number;
  /** How often `*` patterns are re-resolved against the topic registry. Default 1 s. */
  refreshMs: number;
  /** Back-off after a read error doubles from this... Default 100 ms. */
  backoffMinMs: number;
  /** ...to this. Default 5 s. */
  backoffMaxMs: number;
}

export const DEFAULT_LIVE_OPTIONS: Readonly<LiveOptions> = Object.freeze({
  flushMs: 100,
  maxEventsPerSec: 200,
  maxQueuedEvents: 1_000,
  maxBufferedPackets: 8,
  maxReplay: 1_000,
  maxTailsPerClient: 8,
  snapshotMs: 1_000,
  positionsEveryMs: 1_000,
  previewBytes: 240,
  readCount: 500,
  blockMs: 1_000,
  refreshMs: 1_000,
  backoffMinMs: 100,
  backoffMaxMs: 5_000,
});

/** Defaults filled in; a value that is not a positive number is a programming error and throws. */
export function resolveLiveOptions(overrides: Partial<LiveOptions> = {}): LiveOptions {
  const options: LiveOptions = { ...DEFAULT_LIVE_OPTIONS };
  for (const [name, value] of Object.entries(overrides) as [keyof LiveOptions, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`live option ${name} must be > 0, got ${value}`);
    options[name] = value;
  }
  return options;
}
