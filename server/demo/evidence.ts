import type { Subscription } from '@/server/bus';
import { consumers, responders } from './consumers';
import type { DemoContext } from './context';
import { UNDO_RETRY } from './investigation-saga';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { InvestigationCase } from './schemas';
import { StuckUndos } from './stuck-undo';
import { concurrencyFor, sleep } from './timing';
import { investigationStep, isInvestigationStep } from './typed-events';

const ARTIFACTS: Record<InvestigationCase['kind'], string[]> = {
  login: ['idp-sign-in-log', 'vpn-session-list', 'mailbox-audit-log'],
  flow: ['pcap', 'netflow-export', 'process-tree', 'dns-log'],
  file: ['file-sample', 'memory-image', 'process-tree', 'prefetch'],
};

/**
 * Collects evidence under a legal hold when the investigation saga asks (`evidence.requested`,
 * answered by `evidence.collected`), and releases the hold when the saga compensates (a request
 * `evidence.release-requested` on `evidence.releases`; `evidence.released` once done). Some releases
 * are stuck (StuckUndos).
 */
export function startEvidence(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.evidence);
  const stuck = new StuckUndos(ctx.dice, ctx.stuckCompensationRate, UNDO_RETRY.maxAttempts);
  const collect = consumers(
    bus,
    GROUPS.evidence,
    TOPICS.investigations,
    async (event, delivery) => {
      if (!isInvestigationStep(event, 'evidence.requested')) return;
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
    },
    { orderBySubject: true, concurrency: concurrencyFor(ctx.ratePerSec * 0.05, 0.3) },
  );
  const release = responders(
    bus,
    GROUPS.evidenceRelease,
    TOPICS.evidenceReleases,
    async (request) => {
      if (!isInvestigationStep(request, 'evidence.release-requested'))
        throw new Error(`not a release request: ${request.type}`);
      const { case: c, holdId, reason, idempotencyKey, attempt } = request.data;
      await sleep(ctx.dice.int(20, 80));
      if (stuck.fails(idempotencyKey, attempt))
        throw new Error(`legal hold ${holdId} is referenced by litigation matter LM-${holdId.slice(-4)}`);
      await bus.publish(TOPICS.investigations, {
        ...investigationStep('evidence.released', { case: c, holdId, reason }),
        id: idempotencyKey,
      });
      return { holdId };
    },
    { concurrency: concurrencyFor(ctx.ratePerSec * 0.01, 0.1) },
  );
  return [...collect, ...release];
}
