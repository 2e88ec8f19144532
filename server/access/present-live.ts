import type { LiveEvent, SocketPrincipal } from '@/server/contracts/live';
import { can } from './roles';

/**
 * What one principal sees of one live tail event. Roles without `payload:read` get the metadata only:
 * no preview (the masking rules, when they come, apply here too, for everyone else).
 */
export function presentLiveEvent(principal: SocketPrincipal, event: LiveEvent): LiveEvent {
  if (can(principal.role, 'payload:read')) return event;
  return { ...event, preview: '', truncated: false, masked: true };
}

/** A tail's text filter searches payloads: only for roles that may read them. */
export const maySearchPayload = (principal: SocketPrincipal): boolean => can(principal.role, 'payload:read');

export const livePresenter = { event: presentLiveEvent, maySearchPayload };
