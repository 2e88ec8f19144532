import type { PublishInput, Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { Alert } from './schemas';
import { concurrencyFor, sleep } from './timing';

type Channel = 'pagerduty' | 'slack' | 'email';

const ROUTES: Record<Alert['severity'], [Channel, string][]> = {
  critical: [
    ['pagerduty', 'soc-oncall'],
    ['slack', '#soc-critical'],
  ],
  high: [['slack', '#soc-alerts']],
  medium: [['slack', '#soc-triage']],
  low: [['email', 'soc-digest@corp.example']],
};

/** Routes each alert by severity to PagerDuty, Slack or the e-mail digest; the providers push back. */
export function startNotifier(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.notifier);
  const sub = consumers<Alert>(
    bus,
    GROUPS.notification,
    TOPICS.alerts,
    async (event, delivery) => {
      ctx.failures.transient('notification', delivery);
      const alert = event.data;
      await sleep(ctx.dice.int(5, 40), delivery.signal);
      const sent: PublishInput[] = ROUTES[alert.severity].map(([channel, target]) => ({
        type: 'notification.sent',
        subject: alert.alertId,
        data: { alertId: alert.alertId, channel, target, severity: alert.severity },
      }));
      await bus.publishBatch(TOPICS.notifications, sent);
    },
    { concurrency: concurrencyFor(ctx.ratePerSec * 0.1, 0.05) },
  );
  return sub;
}
