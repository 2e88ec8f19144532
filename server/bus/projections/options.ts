export interface ProjectionOptions {
  /** Entries read per topic per batch; one batch is one commit. Default 1,000. */
  batchSize: number;
  /** How often a caught-up (or paused, or standby) runner looks again. Default 100 ms. */
  pollMs: number;
  /** How long a generation stays with a process that stopped renewing (crashed). Default 10 s. */
  leaseMs: number;
  /** Event ids remembered per generation to apply a re-published event once. Default 100,000. */
  seenMax: number;
  /** A retired generation is dropped this long after the swap (reads that resolved it finish). Default 5 s. */
  retiredGraceMs: number;
  /** Backoff after a failed batch (a handler threw, Redis failed): from `retryBaseMs` doubling up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_PROJECTION_OPTIONS: ProjectionOptions = {
  batchSize: 1_000,
  pollMs: 100,
  leaseMs: 10_000,
  seenMax: 100_000,
  retiredGraceMs: 5_000,
  retryBaseMs: 200,
  retryMaxMs: 30_000,
};
