import type { PublishInput, Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import { investigationStep, isInvestigationStep } from './saga';
import type { ContainmentAction, InvestigationCase } from './schemas';
import { concurrencyFor, sleep } from './timing';

const PLANS: Record<InvestigationCase['kind'], ContainmentAction[]> = {
  login: ['block-ip', 'revoke-sessions', 'disable-account'],
  flow: ['block-ip', 'isolate-host'],
  file: ['quarantine-file', 'isolate-host'],
};

const FAILURES: Record<ContainmentAction, (c: InvestigationCase) => string> = {
  'block-ip': (c) => `firewall change rejected: ${c.peerIp ?? 'address'} overlaps a partner allow-list`,
  'revoke-sessions': () => 'IdP API returned 403: token lacks the sessions.revoke scope',
  'disable-account': (c) => `${c.user ?? 'account'} is a protected break-glass account`,
  'isolate-host': (c) => `EDR agent on ${c.host} offline: last check-in 3 h ago`,
  'quarantine-file': (c) => `file locked by a running process on ${c.host}`,
};

/**
 * Applies the playbook's containment actions one by one. For a share of cases one action fails: the
 * service reports `containment.failed`, then compensates what it had applied, in reverse order.
 */
export function startContainment(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.containment);
  const sub = consumers(
    bus,
    GROUPS.containment,
    TOPICS.investigations,
    async (event, delivery) => {
      if (isInvestigationStep(event, 'evidence.collected')) {
        const c = event.data.case;
        const plan = PLANS[c.kind].filter((a) => a !== 'block-ip' || c.peerIp !== null);
        const failAt = ctx.dice.chance(ctx.containmentFailureRate) ? ctx.dice.int(0, plan.length - 1) : -1;
        await sleep(ctx.dice.int(50, 120) * (failAt < 0 ? plan.length : failAt + 1), delivery.signal);
        const holdId = event.data.holdId;
        const failed = plan[failAt];
        const outcome: PublishInput =
          failed === undefined
            ? investigationStep('containment.applied', { case: c, holdId, actions: plan })
            : investigationStep('containment.failed', {
                case: c,
                holdId,
                failedAction: failed,
                reason: FAILURES[failed](c),
                applied: plan.slice(0, failAt),
              });
        await bus.publish(TOPICS.investigations, outcome);
      } else if (isInvestigationStep(event, 'containment.failed')) {
        const { case: c, holdId, applied, failedAction, reason } = event.data;
        await sleep(ctx.dice.int(20, 80) * Math.max(1, applied.length), delivery.signal);
        await bus.publish(
          TOPICS.investigations,
          investigationStep('containment.reverted', {
            case: c,
            holdId,
            reverted: [...applied].reverse(),
            reason: `${failedAction} failed: ${reason}`,
          }),
        );
      }
    },
    { orderBySubject: true, concurrency: concurrencyFor(ctx.ratePerSec * 0.05, 0.3) },
  );
  return sub;
}
