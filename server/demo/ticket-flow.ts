import { declareChoreography } from '@/server/bus';
import type { TICKET_EVENTS } from './schemas';

type TicketEvent = keyof typeof TICKET_EVENTS;
const events = (...types: TicketEvent[]): TicketEvent[] => types;

/**
 * The ticket flow stays choreographed (ticketing, triage, assignment and the service desk each react
 * to the previous step's event) and is only declared, so that the console builds one timeline per
 * ticket from these events (an instance is one correlation id: each ticket has its own). A duplicate
 * closes right after triage.
 */
export const TICKET_FLOW = declareChoreography({
  name: 'ticket',
  version: 1,
  steps: [
    { name: 'create', eventTypes: events('ticket.created') },
    { name: 'triage', eventTypes: events('ticket.triaged') },
    { name: 'assign', eventTypes: events('ticket.assigned') },
    { name: 'resolve', eventTypes: events('ticket.resolved') },
    { name: 'close', eventTypes: events('ticket.closed') },
  ],
});
