import type { Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { Ticket } from './schemas';
import { SLA_MS } from './ticketing';
import { concurrencyFor } from './timing';
import { isTicketStep, ticketStep } from './typed-events';

const RESOLUTIONS: Record<Ticket['category'], readonly string[]> = {
  'security-alert': [
    'false positive: tuned rule',
    'confirmed: credentials reset',
    'confirmed: host reimaged',
  ],
  'phishing-report': ['phish confirmed: sender blocked, messages purged', 'not phishing: marketing mail'],
  'access-request': ['access granted for 30 days', 'denied: no manager approval'],
  'mfa-reset': ['MFA re-enrolled after identity check'],
  vulnerability: ['patched', 'mitigated: compensating WAF rule', 'risk accepted until next window'],
  'lost-device': ['device wiped remotely, account sessions revoked'],
};

/**
 * The analysts' work: an assigned ticket is worked for a while (drawn around its SLA, so some breach),
 * resolved, then closed after the requester's confirmation; duplicates found at triage close at once.
 * People take seconds here, not handlers: the wait is scheduled and the delivery is acked.
 */
export function startServiceDesk(ctx: DemoContext, ticketsPerSec: number): Subscription[] {
  const bus = ctx.bus(SERVICES.serviceDesk);
  return consumers(
    bus,
    GROUPS.serviceDesk,
    TOPICS.tickets,
    async (event) => {
      if (isTicketStep(event, 'ticket.assigned')) {
        const { ticket } = event.data;
        const resolution = ctx.dice.pick(RESOLUTIONS[ticket.category]);
        ctx.later(SLA_MS[ticket.priority] * ctx.dice.between(0.1, 0.9), async () => {
          const now = Date.now();
          await bus.publish(
            TOPICS.tickets,
            ticketStep('ticket.resolved', {
              ticket,
              resolution,
              withinSla: now <= Date.parse(ticket.slaDueAt),
              elapsedMs: now - Date.parse(ticket.createdAt),
            }),
          );
        });
      } else if (isTicketStep(event, 'ticket.resolved')) {
        const { ticket, resolution, withinSla } = event.data;
        ctx.later(ctx.dice.int(100, 600), () =>
          bus.publish(TOPICS.tickets, ticketStep('ticket.closed', { ticket, resolution, withinSla })),
        );
      } else if (isTicketStep(event, 'ticket.triaged') && event.data.duplicate) {
        const { ticket } = event.data;
        await bus.publish(
          TOPICS.tickets,
          ticketStep('ticket.closed', { ticket, resolution: 'duplicate of an open report', withinSla: true }),
        );
      }
    },
    { orderBySubject: true, concurrency: concurrencyFor(ticketsPerSec, 0.005) },
  );
}
