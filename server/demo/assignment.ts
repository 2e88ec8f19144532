import type { Subscription } from '@/server/bus';
import { ANALYSTS } from './catalog';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import { concurrencyFor, sleep } from './timing';
import { isTicketStep, ticketStep } from './typed-events';

const ROSTER: Record<string, readonly string[]> = {
  'soc-l1': ['soc.tier1.anna', 'soc.tier1.omar', 'k.mensah'],
  iam: ['iam.team.raj'],
  'vuln-mgmt': ['vuln.team.zoe', 'n.patel'],
  'it-helpdesk': ['m.jansen', 'g.novak'],
};

/** Assigns triaged tickets to someone on the queue's roster. */
export function startAssignment(ctx: DemoContext, ticketsPerSec: number): Subscription[] {
  const bus = ctx.bus(SERVICES.assignment);
  const sub = consumers(
    bus,
    GROUPS.assignment,
    TOPICS.tickets,
    async (event, delivery) => {
      if (!isTicketStep(event, 'ticket.triaged') || event.data.duplicate) return;
      await sleep(ctx.dice.int(30, 300), delivery.signal);
      const { ticket, queue } = event.data;
      const assignee = ctx.dice.pick(ROSTER[queue] ?? ANALYSTS);
      await bus.publish(TOPICS.tickets, ticketStep('ticket.assigned', { ticket, queue, assignee }));
    },
    { orderBySubject: true, concurrency: concurrencyFor(ticketsPerSec, 0.2) },
  );
  return sub;
}
