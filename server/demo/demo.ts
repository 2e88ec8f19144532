import type { Redis } from 'ioredis';
import type { BusLogger, Subscription } from '@/server/bus';
import { startAnalyze } from './analyze';
import { startAssignment } from './assignment';
import { startContainment } from './containment';
import { BusPool, quietLogger } from './bus-pool';
import type { DemoContext } from './context';
import { Scheduler } from './scheduler';
import { startEnrich } from './enrich';
import { startEvidence } from './evidence';
import { FailureInjector } from './failures';
import { startIngest } from './ingest';
import { startInvestigations } from './investigation';
import { startLegacyAgent } from './legacy-agent';
import { TOPIC_MAXLEN, TOPICS } from './names';
import { startNotifier } from './notify';
import { startCaseBoard } from './open-investigations';
import { Dice, type Random } from './random';
import { startReporting } from './report';
import { startRiskScoring } from './risk-score';
import { createDemoSchemas } from './schemas';
import { startServiceDesk } from './service-desk';
import { startSiemExport } from './siem-export';
import { startStreamProcessors } from './stream-processors';
import { startTicker, type Ticker } from './source';
import { startTicketing } from './ticketing';
import { startTriage } from './triage';
import { startValidate } from './validate';

export interface DemoOptions {
  /** A connection of its own (`createRedis(url, { name: 'eventlens:demo' })`); the demo never closes it. */
  redis: Redis;
  /** Key prefix, as the dashboard's. Default `el`. */
  prefix?: string;
  /** Source events per second (signals and tickets); the pipeline multiplies them. Default 50. */
  ratePerSec?: number;
  /** Share of calls to flaky dependencies that fail (retried), scaling poison entries too. 0..1, default 0.05. */
  failureRate?: number;
  /** Share of investigation sagas whose containment does not hold: they are compensated. 0..1, default 0.2. */
  containmentFailureRate?: number;
  /**
   * Share of the compensations done through a service (release evidence, revert containment) that
   * fail every attempt, leaving the saga `stuck` for an operator's retry, resolve or abort. 0..1,
   * default 0.1.
   */
  stuckCompensationRate?: number;
  /**
   * A stuck investigation saga nobody acted on for this long is resolved by the demo's on-call
   * analyst: stuck instances never expire. Default 15 minutes.
   */
  stuckResolvedAfterMs?: number;
  /** Every random choice comes from here: pass a seeded one (`seededRandom`) for repeatable traffic. */
  random?: Random;
  log?: BusLogger;
}

export interface DemoStats {
  elapsedMs: number;
  /** Source events published, by producer. */
  produced: { signals: number; legacy: number; tickets: number };
  /** Source events that could not be published (Redis away), or were skipped to stay bounded. */
  lost: { failed: number; skipped: number };
  /** Delivery outcomes per consumer group, from this process's subscriptions. */
  groups: Record<string, Subscription['stats']>;
}

export interface Demo {
  /** Resolves when every consumer group exists and the source has started (or the demo was stopped). */
  readonly ready: Promise<void>;
  stats(): DemoStats;
  /** Stops the source, then every service (in-flight handlers get a moment); idempotent. */
  stop(): Promise<void>;
}

/** How the source splits its rate: sensor signals, the legacy agent, and tickets filed by people. */
const MIX = { signals: 78, legacy: 7, tickets: 15 } as const;
const SIGNAL_SHARE = (MIX.signals + MIX.legacy) / 100;
/** Share of the source that ends up as tickets (filed, plus low and medium alerts). */
const TICKET_SHARE = 0.2;
const STOP_TIMEOUT_MS = 2_000;
const ERROR_LOG_EVERY_MS = 5_000;

/**
 * Starts the demo's services, each on its own bus as a user's service would be, and a source at
 * `ratePerSec`. Returns at once; `ready` tells when traffic flows.
 *
 *   ingest, edr-legacy-agent, syslog relay ─▶ threat.signals ─[validate]▶ threat.validated ─[enrich]▶
 *   threat.enriched ─[analyze]▶ threat.analyzed ─[siem-export, slow]
 *                              └▶ threat.alerts ─[report]▶ threat.reports
 *                                               ─[notification]▶ ops.notifications
 *                                               ─[risk-score]▶ risk.scores
 *                                               ─[investigation]▶ investigation saga (orchestrated)
 *                                               ─[ticketing]▶ tickets ◀─ ticketing (filed by people)
 *   investigation saga (investigation-saga.ts, orchestrated by the investigations service):
 *     commands ─▶ investigations ─[evidence]─[containment]▶ investigations (replies)
 *                 investigations ─[saga.investigation@1]▶ the saga's next step
 *     undo requests ─▶ evidence.releases ─[evidence-release]▶ reply, investigations (released)
 *                      containment.reverts ─[containment-revert]▶ reply, investigations (reverted)
 *     lifecycle events ─▶ sagas ─[on-call]▶ resolves what stayed stuck too long
 *   investigations ─[projection open-investigations-by-severity]▶ the case board's read model
 *   tickets ─[triage]─[assignment]─[service-desk]▶ tickets (triaged, assigned, resolved, closed):
 *     the choreographed ticket flow, declared (ticket-flow.ts) so that the console shows its timelines
 *   stream processors (stream-processors.ts, detections service):
 *     threat.alerts ─[urgent-alerts: high/critical + asset owner]▶ threat.alerts.urgent
 *     threat.validated ─[failed-login-burst: 5 failed VPN/SSH logins of a user in 10 s]▶ security.rule-alerts
 */
export function startDemo(options: DemoOptions): Demo {
  const ratePerSec = options.ratePerSec ?? 50;
  const failureRate = options.failureRate ?? 0.05;
  const containmentFailureRate = options.containmentFailureRate ?? 0.2;
  const stuckCompensationRate = options.stuckCompensationRate ?? 0.1;
  const stuckResolvedAfterMs = options.stuckResolvedAfterMs ?? 15 * 60_000;
  if (!(ratePerSec > 0) || !Number.isFinite(ratePerSec))
    throw new RangeError(`ratePerSec must be a positive number, got ${ratePerSec}`);
  if (!(stuckResolvedAfterMs > 0))
    throw new RangeError(`stuckResolvedAfterMs must be a positive number, got ${stuckResolvedAfterMs}`);
  for (const [name, value] of Object.entries({ failureRate, containmentFailureRate, stuckCompensationRate }))
    if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${value}`);

  const log = options.log ?? { debug() {}, info() {}, warn() {}, error() {} };
  const prefix = options.prefix ?? 'el';
  const dice = new Dice(options.random ?? Math.random);
  const schemas = createDemoSchemas();
  const pool = new BusPool(options.redis, prefix, schemas, quietLogger(log));
  let failed = 0;
  let lastErrorLog = 0;
  const reportError = (error: unknown): void => {
    if (Date.now() - lastErrorLog < ERROR_LOG_EVERY_MS) return;
    lastErrorLog = Date.now();
    log.warn({ err: (error as Error)?.message ?? String(error), failed }, 'demo could not publish');
  };
  const scheduler = new Scheduler(reportError);
  const ctx: DemoContext = {
    redis: options.redis,
    ratePerSec,
    dice,
    failures: new FailureInjector(dice, failureRate),
    containmentFailureRate,
    stuckCompensationRate,
    stuckResolvedAfterMs,
    bus: (service, busOptions) => pool.create(service, busOptions),
    later: (ms, work) => scheduler.later(ms, work),
  };

  const ingest = startIngest(ctx);
  const legacy = startLegacyAgent(ctx);
  const ticketing = startTicketing(ctx);
  const investigations = startInvestigations(ctx);
  const caseBoard = startCaseBoard(ctx);
  const ticketsPerSec = ratePerSec * TICKET_SHARE;
  const subscriptions: Subscription[] = [
    ...startValidate(ctx),
    ...startEnrich(ctx),
    ...startAnalyze(ctx),
    ...startSiemExport(ctx, ratePerSec * SIGNAL_SHARE * 0.95),
    ...startReporting(ctx),
    ...startNotifier(ctx),
    ...startRiskScoring(ctx),
    ...investigations.subscriptions,
    ...startEvidence(ctx),
    ...startContainment(ctx),
    ...ticketing.subscriptions,
    ...startTriage(ctx, ticketsPerSec),
    ...startAssignment(ctx, ticketsPerSec),
    ...startServiceDesk(ctx, ticketsPerSec),
    // stream processors are subscriptions too (groups `streams.<name>`): ready, stats and stop alike
    ...startStreamProcessors(ctx).map((processor) => processor.subscription),
  ];

  const produced = { signals: 0, legacy: 0, tickets: 0 };
  let startedAt = Date.now();
  let ticker: Ticker | null = null;
  let stopping: Promise<void> | null = null;

  const emit = async (count: number): Promise<void> => {
    const split = { signals: 0, legacy: 0, tickets: 0 };
    for (let i = 0; i < count; i++) split[dice.weighted(MIX)] += 1;
    const results = await Promise.allSettled([
      ingest.emit(split.signals),
      legacy.emit(split.legacy),
      ticketing.producer.emit(split.tickets),
    ]);
    (['signals', 'legacy', 'tickets'] as const).forEach((kind, i) => {
      const result = results[i]!;
      if (result.status === 'fulfilled') produced[kind] += split[kind];
      else {
        failed += split[kind];
        reportError(result.reason);
      }
    });
  };

  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  const defineRetention = async (): Promise<void> => {
    const bus = pool.buses[0]!;
    if (options.redis.status !== 'ready')
      await new Promise((resolve) => options.redis.once('ready', resolve));
    await Promise.all(Object.values(TOPICS).map((topic) => bus.defineTopic(topic, { maxLen: TOPIC_MAXLEN })));
  };
  const allReady = Promise.all([
    ...subscriptions.map((s) => s.ready),
    investigations.ready.catch((error: unknown) =>
      log.warn({ err: (error as Error).message }, 'demo investigation saga not registered'),
    ),
    ticketing.declared.catch((error: unknown) =>
      log.warn({ err: (error as Error).message }, 'demo ticket flow not declared'),
    ),
    caseBoard.catch((error: unknown) =>
      log.warn({ err: (error as Error).message }, 'demo case board projection not registered'),
    ),
    defineRetention().catch((error: unknown) =>
      log.warn({ err: (error as Error).message }, 'demo topics keep the default retention'),
    ),
  ]).then(() => {
    if (stopping) return;
    startedAt = Date.now();
    ticker = startTicker({ ratePerSec, emit, onError: reportError });
    log.info(
      { ratePerSec, failureRate, topics: Object.values(TOPICS), services: pool.buses.length, prefix },
      'demo traffic started',
    );
  });
  // a demo stopped before its groups exist is ready too: there is nothing left to wait for
  const ready = Promise.race([allReady, stopped]);

  return {
    ready,
    stats: () => ({
      elapsedMs: Date.now() - startedAt,
      produced: { ...produced },
      lost: { failed, skipped: ticker?.skipped ?? 0 },
      groups: groupStats(subscriptions),
    }),
    stop: () =>
      (stopping ??= (async () => {
        markStopped();
        await ticker?.stop();
        scheduler.clear();
        await pool.closeAll(STOP_TIMEOUT_MS);
        scheduler.clear(); // handlers that finished while closing may have scheduled follow-ups
        log.info({ ...produced, failed }, 'demo traffic stopped');
      })()),
  };
}

/** Outcomes summed over each group's consumers. */
function groupStats(subscriptions: readonly Subscription[]): DemoStats['groups'] {
  const out: DemoStats['groups'] = {};
  for (const sub of subscriptions) {
    const total = out[sub.group];
    if (!total) {
      out[sub.group] = { ...sub.stats };
      continue;
    }
    for (const key of Object.keys(sub.stats) as (keyof Subscription['stats'])[]) total[key] += sub.stats[key];
  }
  return out;
}
