import type { Subscription } from '@/server/bus';
import { assetByHost } from './catalog';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import { PRIORITIES, type Ticket } from './schemas';
import { SLA_MS } from './ticketing';
import { concurrencyFor, sleep } from './timing';
import { isTicketStep, ticketStep } from './typed-events';

const QUEUES: Record<Ticket['category'], string> = {
  'security-alert': 'soc-l1',
  'phishing-report': 'soc-l1',
  'access-request': 'iam',
  'mfa-reset': 'iam',
  vulnerability: 'vuln-mgmt',
  'lost-device': 'it-helpdesk',
};

/** Routes each new ticket to a queue, raises alerts on crown-jewel hosts a priority, spots duplicates. */
export function startTriage(ctx: DemoContext, ticketsPerSec: number): Subscription[] {
  const bus = ctx.bus(SERVICES.triage);
  const sub = consumers(
    bus,
    GROUPS.triage,
    TOPICS.tickets,
    async (event, delivery) => {
      if (!isTicketStep(event, 'ticket.created')) return;
      await sleep(ctx.dice.int(40, 250), delivery.signal);
      let ticket = event.data.ticket;
      const host = /\b((?:ws|srv|dc|vpn|bastion|jenkins|k8s|web|mail|mon)[\w-]*)/.exec(ticket.title)?.[1];
      const critical = host !== undefined && assetByHost(host)?.criticality === 'critical';
      if (ticket.category === 'security-alert' && critical && ticket.priority !== 'P1') {
        const priority = PRIORITIES[PRIORITIES.indexOf(ticket.priority) - 1]!;
        const slaDueAt = new Date(Date.parse(ticket.createdAt) + SLA_MS[priority]).toISOString();
        ticket = { ...ticket, priority, slaDueAt };
      }
      const duplicate = ticket.category === 'phishing-report' && ctx.dice.chance(0.15);
      await bus.publish(
        TOPICS.tickets,
        ticketStep('ticket.triaged', { ticket, queue: QUEUES[ticket.category], duplicate }),
      );
    },
    { orderBySubject: true, concurrency: concurrencyFor(ticketsPerSec, 0.15) },
  );
  return sub;
}
