import type { PublishInput, Subscription } from '@/server/bus';
import { consumers, responders } from './consumers';
import type { DemoContext } from './context';
import { UNDO_RETRY } from './investigation-saga';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { ContainmentAction, InvestigationCase } from './schemas';
import { StuckUndos } from './stuck-undo';
import { concurrencyFor, sleep } from './timing';
import { investigationStep, isInvestigationStep } from './typed-events';

const PLANS: Record<InvestigationCase['kind'], ContainmentAction[]> = {
  login: ['block-ip', 'revoke-sessions', 'disable-account'],
  flow: ['block-ip', 'isolate-host'],
  file: ['quarantine-file', 'isolate-host'],
};

/** Why an applied action did not hold when it was checked. */
const DID_NOT_HOLD: Record<ContainmentAction, (c: InvestigationCase) => string> = {
  'block-ip': (c) =>
    `traffic to ${c.peerIp ?? 'the address'} still seen: a partner allow-list overrides the block`,
  'revoke-sessions': () => 'IdP still lists active sessions: the token lacks the sessions.revoke scope',
  'disable-account': (c) =>
    `${c.user ?? 'the account'} still signs in: it is a protected break-glass account`,
  'isolate-host': (c) => `EDR agent on ${c.host} offline: isolation not confirmed (last check-in 3 h ago)`,
  'quarantine-file': (c) => `file still present on ${c.host}: locked by a running process`,
};

/** Why an action could not be reverted (a stuck compensation). */
const CANNOT_REVERT: Record<ContainmentAction, (c: InvestigationCase) => string> = {
  'block-ip': () => 'firewall manager refused the rollback: change freeze until 06:00',
  'revoke-sessions': () => 'IdP API returned 409: sessions cannot be restored once revoked',
  'disable-account': (c) => `directory refused to enable ${c.user ?? 'the account'}: pending HR review`,
  'isolate-host': (c) => `EDR API timed out lifting isolation of ${c.host}`,
  'quarantine-file': (c) => `quarantine vault on ${c.host} unreachable: restore queued`,
};

/**
 * Applies the playbook's containment actions (`containment.requested` → `containment.applied`),
 * checks that they hold (`containment.verify-requested` → `containment.verified`, or
 * `containment.failed` for a share of cases: the saga then compensates), and reverts them when the
 * saga asks (a request `containment.revert-requested` on `containment.reverts`; `containment.reverted`
 * once done). Some reverts are stuck (StuckUndos).
 */
export function startContainment(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.containment);
  const stuck = new StuckUndos(ctx.dice, ctx.stuckCompensationRate, UNDO_RETRY.maxAttempts);
  const contain = consumers(
    bus,
    GROUPS.containment,
    TOPICS.investigations,
    async (event, delivery) => {
      let outcome: PublishInput | null = null;
      if (isInvestigationStep(event, 'containment.requested')) {
        const { case: c, holdId } = event.data;
        const actions = PLANS[c.kind].filter((a) => a !== 'block-ip' || c.peerIp !== null);
        await sleep(ctx.dice.int(50, 120) * actions.length, delivery.signal);
        outcome = investigationStep('containment.applied', { case: c, holdId, actions });
      } else if (isInvestigationStep(event, 'containment.verify-requested')) {
        const { case: c, holdId, actions } = event.data;
        await sleep(ctx.dice.int(50, 150), delivery.signal);
        const failed = ctx.dice.chance(ctx.containmentFailureRate) ? ctx.dice.pick(actions) : undefined;
        outcome =
          failed === undefined
            ? investigationStep('containment.verified', { case: c, holdId, actions })
            : investigationStep('containment.failed', {
                case: c,
                holdId,
                actions,
                failedAction: failed,
                message: `${failed} did not hold: ${DID_NOT_HOLD[failed](c)}`,
              });
      }
      if (outcome) await bus.publish(TOPICS.investigations, outcome);
    },
    { orderBySubject: true, concurrency: concurrencyFor(ctx.ratePerSec * 0.05, 0.3) },
  );
  const revert = responders(
    bus,
    GROUPS.containmentRevert,
    TOPICS.containmentReverts,
    async (request) => {
      if (!isInvestigationStep(request, 'containment.revert-requested'))
        throw new Error(`not a revert request: ${request.type}`);
      const { case: c, holdId, actions, reason, idempotencyKey, attempt } = request.data;
      const reverted = [...actions].reverse();
      await sleep(ctx.dice.int(20, 80) * Math.max(1, actions.length));
      const blocked = reverted[0];
      if (blocked && stuck.fails(idempotencyKey, attempt)) {
        throw new Error(`cannot revert ${blocked}: ${CANNOT_REVERT[blocked](c)}`);
      }
      await bus.publish(TOPICS.investigations, {
        ...investigationStep('containment.reverted', { case: c, holdId, reverted, reason }),
        id: idempotencyKey,
      });
      return { reverted };
    },
    { concurrency: concurrencyFor(ctx.ratePerSec * 0.01, 0.3) },
  );
  return [...contain, ...revert];
}
