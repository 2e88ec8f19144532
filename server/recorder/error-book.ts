/**
 * The recorder's error bookkeeping: every error counted by kind and surfaced in `status()`; logged at
 * once the first time, then at most every 10 s per kind with how many were suppressed in between, so
 * a long outage neither floods the log nor hides.
 */
import type { Logger } from './logger';
import type { ErrorKind, RecorderStatus } from './status';

const LOG_EVERY_MS = 10_000;

export class ErrorBook {
  private readonly counts: RecorderStatus['errors'] = { total: 0, byKind: {}, last: null };
  private readonly lastLogged = new Map<ErrorKind, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    /** The line worth reading for an error (its real cause); default: its message. */
    private readonly explain: (error: unknown) => string = (error) =>
      error instanceof Error ? error.message : String(error),
  ) {}

  record(during: ErrorKind, error: unknown, details: Record<string, unknown> = {}): void {
    const message = this.explain(error);
    const now = Date.now();
    this.counts.total += 1;
    this.counts.byKind[during] = (this.counts.byKind[during] ?? 0) + 1;
    this.counts.last = { during, message, at: new Date(now).toISOString() };
    const logged = this.lastLogged.get(during);
    if (logged && now - logged.at < LOG_EVERY_MS) {
      logged.suppressed += 1;
      return;
    }
    this.lastLogged.set(during, { at: now, suppressed: 0 });
    this.log.warn(
      { during, err: message, ...details, ...(logged?.suppressed ? { suppressed: logged.suppressed } : {}) },
      'recorder error',
    );
  }

  snapshot(): RecorderStatus['errors'] {
    return { ...this.counts, byKind: { ...this.counts.byKind } };
  }
}
