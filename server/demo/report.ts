import type { Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { Alert } from './schemas';
import { concurrencyFor, sleep } from './timing';

const SECTIONS = {
  low: ['summary', 'indicators'],
  medium: ['summary', 'timeline', 'indicators'],
  high: ['summary', 'timeline', 'indicators', 'affected assets', 'recommendations'],
  critical: ['summary', 'timeline', 'indicators', 'affected assets', 'recommendations', 'executive brief'],
} as const;

/** Drafts an incident report for every alert and stores it (simulated object storage). */
export function startReporting(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.reporting);
  const sub = consumers<Alert>(
    bus,
    GROUPS.report,
    TOPICS.alerts,
    async (event, delivery) => {
      ctx.failures.transient('report', delivery);
      const alert = event.data;
      await sleep(ctx.dice.int(2, 12), delivery.signal);
      await bus.publish(TOPICS.reports, {
        type: 'incident.report.drafted',
        subject: alert.alertId,
        data: {
          reportId: ctx.dice.id('RPT'),
          alertId: alert.alertId,
          severity: alert.severity,
          summary: `${alert.severity.toUpperCase()}: ${alert.title} (${alert.rule}, MITRE ${alert.technique})`,
          sections: [...SECTIONS[alert.severity]],
        },
      });
    },
    { concurrency: concurrencyFor(ctx.ratePerSec * 0.1, 0.02) },
  );
  return sub;
}
