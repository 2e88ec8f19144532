import type { Envelope, PublishInput } from '@/server/bus';
import type { InvestigationEvents, TicketEvents } from './schemas';

/**
 * Typed helpers for the two choreographed workflows. Every step's subject is its case id, so that
 * consumers with `orderBySubject` see one case's steps in order while cases run in parallel.
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
