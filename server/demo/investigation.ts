import type { Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { investigationSaga } from './investigation-saga';
import { GROUPS, SERVICES, TOPICS } from './names';
import { startOnCall } from './on-call';
import type { Alert, InvestigationCase } from './schemas';
import { concurrencyFor } from './timing';

const PLAYBOOKS: Record<Alert['kind'], string> = {
  login: 'PB-07 compromised credentials',
  flow: 'PB-12 command and control / exfiltration',
  file: 'PB-03 malware on endpoint',
};

/**
 * The investigations service: orchestrates the investigation saga (investigation-saga.ts) and starts
 * one instance per high or critical alert, in the alert's trace; its on-call analyst resolves those
 * stuck too long (on-call.ts). `ready` resolves once this process orchestrates the definition
 * (announced, listening for the services' replies).
 */
export function startInvestigations(ctx: DemoContext): {
  subscriptions: Subscription[];
  ready: Promise<void>;
} {
  const bus = ctx.bus(SERVICES.investigations);
  const saga = investigationSaga(ctx, bus);
  const ready = bus.sagas.register(saga);
  const subscriptions = consumers<Alert>(
    bus,
    GROUPS.investigation,
    TOPICS.alerts,
    async (event) => {
      const alert = event.data;
      if (alert.severity !== 'high' && alert.severity !== 'critical') return;
      // an alert consumed before the registration finished waits for it
      await ready;
      const investigation: InvestigationCase = {
        investigationId: ctx.dice.id('INV'),
        alertId: alert.alertId,
        title: alert.title,
        severity: alert.severity,
        host: alert.host,
        user: alert.user,
        peerIp: alert.peerIp,
        kind: alert.kind,
        openedAt: new Date().toISOString(),
      };
      await bus.sagas.start(
        saga,
        { case: investigation, playbook: PLAYBOOKS[alert.kind] },
        { correlationId: event.correlationid ?? event.id },
      );
    },
    { concurrency: concurrencyFor(ctx.ratePerSec * 0.05, 0.01) },
  );
  return { subscriptions: [...subscriptions, ...startOnCall(ctx, bus, saga.name)], ready };
}
