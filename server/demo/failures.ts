import type { DeliveryContext } from '@/server/bus';
import type { Dice } from './random';

/** Where a demo handler calls out to something that can fail, with the errors that thing really gives. */
const SITES = {
  validate: { weight: 0.2, errors: ['dedupe cache unavailable: ECONNRESET 10.0.3.12:6380'] },
  enrich: {
    weight: 1,
    errors: [
      'geoip lookup failed: upstream returned 503 Service Unavailable',
      'reputation API timed out after 800 ms',
      'CMDB query failed: connection reset by peer',
    ],
  },
  analyze: { weight: 0.3, errors: ['model server unavailable: connect ECONNREFUSED 10.0.3.21:8501'] },
  report: { weight: 0.3, errors: ['object storage PUT failed: 500 InternalError (reports/2024/)'] },
  notification: {
    weight: 1,
    errors: [
      'Slack API rate limited: 429 Too Many Requests (retry after 1 s)',
      'SMTP 421 4.7.0 Try again later, closing connection',
      'PagerDuty Events API returned 502 Bad Gateway',
    ],
  },
  'risk-score': { weight: 0.2, errors: ['risk store write conflict: WATCH aborted the transaction'] },
  'case-management': { weight: 0.5, errors: ['case management API returned 503 Service Unavailable'] },
  ticketing: { weight: 0.5, errors: ['ticketing API: LDAP lookup of the requester timed out after 2000 ms'] },
} as const;

export type FailureSite = keyof typeof SITES;

/** While a dependency is down, a retry fails again with this probability: some deliveries exhaust retries. */
const OUTAGE_PERSISTS = 0.4;

/** A dependency failed in a way a retry may fix. */
export class DependencyError extends Error {
  constructor(
    readonly site: FailureSite,
    message: string,
  ) {
    super(message);
    this.name = 'DependencyError';
  }
}

/**
 * A planned outage of one dependency: while it lasts every attempt fails the same way, so the
 * deliveries of that window exhaust their retries and become one group of `transient` dead letters
 * that a replay after the window fixes. The first starts `startsAfterMs` after the demo starts.
 */
export interface Outage {
  site: FailureSite;
  message: string;
  startsAfterMs: number;
  everyMs: number;
  forMs: number;
}

export const DEFAULT_OUTAGE: Outage = {
  site: 'report',
  message: 'object storage unavailable: 503 SlowDown (planned maintenance of bucket "reports")',
  startsAfterMs: 90_000,
  everyMs: 10 * 60_000,
  forMs: 45_000,
};

/**
 * Failure injection: `transient` throws a realistic dependency error for a share `rate × weight` of
 * first attempts, and keeps failing retries with `OUTAGE_PERSISTS`, so that most recover after a retry
 * and a few exhaust their attempts and become `transient` dead letters; during a planned outage
 * (`Outage`) every attempt at that site fails. `poison` decides whether a
 * producer sends a broken entry this time.
 */
export class FailureInjector {
  private readonly startedAt: number;

  constructor(
    private readonly dice: Dice,
    readonly rate: number,
    private readonly outage: Outage | null = DEFAULT_OUTAGE,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Whether the planned outage of `site` is on now. */
  down(site: FailureSite): boolean {
    if (!this.outage || this.outage.site !== site || this.rate <= 0) return false;
    const since = this.now() - this.startedAt - this.outage.startsAfterMs;
    return since >= 0 && since % this.outage.everyMs < this.outage.forMs;
  }

  transient(site: FailureSite, ctx: Pick<DeliveryContext, 'attempt'>): void {
    if (this.rate <= 0) return;
    if (this.down(site)) throw new DependencyError(site, this.outage!.message);
    const { weight, errors } = SITES[site];
    const p = ctx.attempt === 1 ? this.rate * weight : OUTAGE_PERSISTS;
    if (this.dice.chance(p)) throw new DependencyError(site, this.dice.pick(errors));
  }

  /** Whether a producer sends a malformed entry now: `share` scales the failure rate. */
  poison(share: number): boolean {
    return this.rate > 0 && this.dice.chance(this.rate * share);
  }
}
