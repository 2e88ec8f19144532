import type { Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import { investigationStep, isInvestigationStep } from './saga';
import type { InvestigationCase } from './schemas';
import { concurrencyFor, sleep } from './timing';

const ARTIFACTS: Record<InvestigationCase['kind'], string[]> = {
  login: ['idp-sign-in-log', 'vpn-session-list', 'mailbox-audit-log'],
  flow: ['pcap', 'netflow-export', 'process-tree', 'dns-log'],
  file: ['file-sample', 'memory-image', 'process-tree', 'prefetch'],
};

/** Collects evidence under a legal hold; releases the hold when the investigation is compensated. */
export function startEvidence(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.evidence);
  const sub = consumers(
    bus,
    GROUPS.evidence,
    TOPICS.investigations,
    async (event, delivery) => {
      if (isInvestigationStep(event, 'investigation.opened')) {
        const c = event.data.case;
        await sleep(ctx.dice.int(80, 500), delivery.signal);
        await bus.publish(
          TOPICS.investigations,
          investigationStep('evidence.collected', {
            case: c,
            holdId: ctx.dice.id('HOLD', 6),
            artifacts: ARTIFACTS[c.kind].map((kind) => ({
              kind,
              sizeBytes: ctx.dice.int(20_000, kind === 'memory-image' ? 8_000_000_000 : 400_000_000),
            })),
          }),
        );
      } else if (isInvestigationStep(event, 'containment.reverted')) {
        await bus.publish(
          TOPICS.investigations,
          investigationStep('evidence.released', {
            case: event.data.case,
            holdId: event.data.holdId,
            reason: event.data.reason,
          }),
        );
      }
    },
    { orderBySubject: true, concurrency: concurrencyFor(ctx.ratePerSec * 0.05, 0.3) },
  );
  return sub;
}
