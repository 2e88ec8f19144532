import type { Subscription } from '@/server/bus';
import { DEMO_SUBSCRIBE } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { Alert } from './schemas';

type Band = Alert['severity'];

const POINTS: Record<Band, number> = { low: 5, medium: 15, high: 30, critical: 50 };
const HALF_LIFE_MS = 120_000;
const MAX_ENTITIES = 10_000;

export function bandOf(score: number): Band {
  if (score >= 75) return 'critical';
  if (score >= 50) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}

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

/** Risk-based alerting: each alert raises its host's and user's risk; a band change is an event. */
export function startRiskScoring(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.riskScoring);
  const book = new RiskBook();
  const sub = bus.subscribe<Alert>(
    GROUPS.riskScore,
    TOPICS.alerts,
    async (event, delivery) => {
      ctx.failures.transient('risk-score', delivery);
      const alert = event.data;
      const entities: { kind: 'host' | 'user'; id: string }[] = [{ kind: 'host', id: alert.host }];
      if (alert.user) entities.push({ kind: 'user', id: alert.user });
      const now = Date.now();
      for (const entity of entities) {
        const { before, after } = book.add(`${entity.kind}:${entity.id}`, POINTS[alert.severity], now);
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
