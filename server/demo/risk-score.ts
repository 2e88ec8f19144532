import type { Subscription } from '@/server/bus';
import { DEMO_SUBSCRIBE } from './consumers';
import type { DemoContext } from './context';
import { bandOf, defineHostRisk, type HostRiskRaised } from './host-risk';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { Alert } from './schemas';

type Band = Alert['severity'];

const POINTS: Record<Band, number> = { low: 5, medium: 15, high: 30, critical: 50 };
const HALF_LIFE_MS = 120_000;
const MAX_ENTITIES = 10_000;

export { bandOf };

/** Entity risk that decays with a half-life; bounded in the number of entities it remembers. */
export class RiskBook {
  private readonly scores = new Map<string, { score: number; at: number }>();

  /** Adds points and returns the score before and after, both decayed to `now`. */
  add(entity: string, points: number, now: number): { before: number; after: number } {
    const entry = this.scores.get(entity);
    const before = entry ? entry.score * 0.5 ** ((now - entry.at) / HALF_LIFE_MS) : 0;
    const after = Math.min(100, before + points);
    this.scores.delete(entity);
    this.scores.set(entity, { score: after, at: now });
    if (this.scores.size > MAX_ENTITIES) this.scores.delete(this.scores.keys().next().value!);
    return { before, after };
  }
}

/**
 * Risk-based alerting: each alert raises its host's risk (the event-sourced `host-risk` aggregate, one
 * per host) and its user's (in memory); a band change is a `risk.score.changed` event, as before.
 */
export function startRiskScoring(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.riskScoring);
  const book = new RiskBook();
  const hosts = defineHostRisk(bus);
  const sub = bus.subscribe<Alert>(
    GROUPS.riskScore,
    TOPICS.alerts,
    async (event, delivery) => {
      ctx.failures.transient('risk-score', delivery);
      const alert = event.data;
      const at = Date.parse(event.time ?? '') || Date.now();
      const changes: { entity: { kind: 'host' | 'user'; id: string }; before: number; after: number }[] = [];
      // concurrent alerts of one host race on its version: the loser loads again and decides again
      const executed = await hosts.execute(
        alert.host,
        'host-risk.raise',
        { alertId: alert.alertId, severity: alert.severity, points: POINTS[alert.severity], at },
        { retryOnConflict: 5 },
      );
      const raised = executed.events[0]?.envelope.data as HostRiskRaised | undefined;
      if (raised)
        changes.push({
          entity: { kind: 'host', id: alert.host },
          before: raised.scoreBefore,
          after: raised.score,
        });
      if (alert.user) {
        const { before, after } = book.add(`user:${alert.user}`, POINTS[alert.severity], Date.now());
        changes.push({ entity: { kind: 'user', id: alert.user }, before, after });
      }
      for (const { entity, before, after } of changes) {
        if (bandOf(before) === bandOf(after)) continue;
        await bus.publish(TOPICS.risk, {
          type: 'risk.score.changed',
          subject: `${entity.kind}:${entity.id}`,
          data: {
            entity,
            score: Math.round(after * 10) / 10,
            band: bandOf(after),
            previousBand: bandOf(before),
            alertId: alert.alertId,
          },
        });
      }
    },
    { ...DEMO_SUBSCRIBE, concurrency: 4 },
  );
  return [sub];
}
