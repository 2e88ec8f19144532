import type { Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { Alert, EnrichedSignal } from './schemas';
import { FailureWindow, score, severityOf, titleOf } from './scoring';
import { concurrencyFor } from './timing';

/** Alerts start at this score ("suspicious"). */
const ALERT_THRESHOLD = 40;

/**
 * Scores every enriched signal (`threat.analyzed`, exported to the SIEM) and raises an alert on
 * `threat.alerts` for the suspicious and malicious ones. Both events join the signal's correlation.
 */
export function startAnalyze(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.analyze);
  const failures = new FailureWindow();
  const sub = consumers<EnrichedSignal>(
    bus,
    GROUPS.analyze,
    TOPICS.enriched,
    async (event, delivery) => {
      ctx.failures.transient('analyze', delivery);
      const scored = score(event.data, failures);
      const writes: Promise<unknown>[] = [
        bus.publish(TOPICS.analyzed, { type: 'signal.scored', subject: scored.host, data: scored }),
      ];
      if (scored.score >= ALERT_THRESHOLD) {
        const { rule, technique, title } = titleOf(scored);
        const alert: Alert = {
          alertId: ctx.dice.id('ALR'),
          severity: severityOf(scored.score),
          title,
          rule,
          technique,
          score: scored.score,
          kind: scored.kind,
          host: scored.host,
          user: scored.user,
          peerIp: scored.peerIp,
          signalId: scored.signalId,
          raisedAt: new Date().toISOString(),
        };
        writes.push(
          bus.publish(TOPICS.alerts, { type: 'alert.raised', subject: alert.alertId, data: alert }),
        );
      }
      await Promise.all(writes);
    },
    { concurrency: concurrencyFor(ctx.ratePerSec, 0.01) },
  );
  return sub;
}
