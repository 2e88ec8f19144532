import type { Envelope, PublishInput } from '@/server/bus';
import type { InvestigationEvents, TicketEvents } from './schemas';

/**
 * Typed helpers for the events of the two workflows: the investigation saga's and the ticket flow's.
 * An event's subject is its case or ticket id, so that consumers with `orderBySubject` see one
 * case's events in order while cases run in parallel (a saga's commands carry the saga id instead).
 */
export function isInvestigationStep<K extends keyof InvestigationEvents>(
  event: Envelope,
  type: K,
): event is Envelope & { data: InvestigationEvents[K] } {
  return event.type === type;
}

export function investigationStep<K extends keyof InvestigationEvents>(
  type: K,
  data: InvestigationEvents[K],
): PublishInput<InvestigationEvents[K]> {
  return { type, subject: data.case.investigationId, data };
}

export function isTicketStep<K extends keyof TicketEvents>(
  event: Envelope,
  type: K,
): event is Envelope & { data: TicketEvents[K] } {
  return event.type === type;
}

export function ticketStep<K extends keyof TicketEvents>(
  type: K,
  data: TicketEvents[K],
): PublishInput<TicketEvents[K]> {
  return { type, subject: data.ticket.ticketId, data };
}
