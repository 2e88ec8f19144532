import type { Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import { investigationStep, isInvestigationStep } from './saga';
import type { Alert, InvestigationCase } from './schemas';
import { concurrencyFor } from './timing';

const PLAYBOOKS: Record<Alert['kind'], string> = {
  login: 'PB-07 compromised credentials',
  flow: 'PB-12 command and control / exfiltration',
  file: 'PB-03 malware on endpoint',
};

/**
 * Opens an investigation for every high or critical alert, and ends it: resolved once containment
 * holds, cancelled once a failed containment has been compensated (evidence released).
 *
 *   investigation.opened → evidence.collected → containment.applied → investigation.resolved
 *                                             ↘ containment.failed → containment.reverted
 *                                                 → evidence.released → investigation.cancelled
 */
export function startInvestigations(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.investigations);
  const open = consumers<Alert>(
    bus,
    GROUPS.investigation,
    TOPICS.alerts,
    async (event, delivery) => {
      const alert = event.data;
      if (alert.severity !== 'high' && alert.severity !== 'critical') return;
      ctx.failures.transient('case-management', delivery);
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
      await bus.publish(
        TOPICS.investigations,
        investigationStep('investigation.opened', { case: investigation, playbook: PLAYBOOKS[alert.kind] }),
      );
    },
    { concurrency: concurrencyFor(ctx.ratePerSec * 0.05, 0.01) },
  );

  const lifecycle = consumers(
    bus,
    GROUPS.investigationLifecycle,
    TOPICS.investigations,
    async (event) => {
      if (isInvestigationStep(event, 'containment.applied')) {
        const c = event.data.case;
        await bus.publish(
          TOPICS.investigations,
          investigationStep('investigation.resolved', {
            case: c,
            disposition: ctx.dice.chance(0.85) ? 'true-positive' : 'benign-true-positive',
            durationMs: Date.now() - Date.parse(c.openedAt),
          }),
        );
      } else if (isInvestigationStep(event, 'evidence.released')) {
        const c = event.data.case;
        await bus.publish(
          TOPICS.investigations,
          investigationStep('investigation.cancelled', {
            case: c,
            reason: event.data.reason,
            durationMs: Date.now() - Date.parse(c.openedAt),
          }),
        );
      }
    },
    { orderBySubject: true, concurrency: concurrencyFor(ctx.ratePerSec * 0.05, 0.05) },
  );
  return [...open, ...lifecycle];
}
