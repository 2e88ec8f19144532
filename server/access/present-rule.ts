/**
 * A rule's alerts leave the server here: each alert's data (the SDK's RuleAlert: key, matched event
 * ids, times) masked for the caller by its event type's rules, then read into the DTO, so a rule that
 * hides `$.key` hides the key here as it does in the events list. Pure: the rules come in as an argument.
 */
import { MASKED_VALUE } from '@/server/contracts/masking';
import type { RuleAlertItem } from '@/server/contracts/rules';
import { applyPlan, type MaskRule } from './masking';
import type { Principal } from './principal';
import { planCache } from './present-trace';

/** What the route hands over: a stored alert event. */
export interface AlertEvent {
  id: string;
  source: string;
  time: string;
  type: string;
  sensitivity: string | null;
  correlationId: string | null;
  data: unknown;
}

export function presentRuleAlerts(
  caller: Pick<Principal, 'role'>,
  rules: readonly MaskRule[] | null,
  alerts: readonly AlertEvent[],
): RuleAlertItem[] {
  const planOf = planCache(caller, rules);
  return alerts.map((alert) => {
    const out = applyPlan(planOf(alert.type, alert.sensitivity), alert.data);
    const data = (typeof out.data === 'object' && out.data !== null ? out.data : {}) as Record<
      string,
      unknown
    >;
    // a masked value is left out (null, or not listed): the DTO says `masked`, links stay real ids
    const text = (value: unknown): string | null =>
      typeof value === 'string' && value !== MASKED_VALUE ? value : null;
    const events = Array.isArray(data.events)
      ? data.events.filter((e): e is string => typeof e === 'string' && e !== MASKED_VALUE)
      : [];
    return {
      id: alert.id,
      source: alert.source,
      time: alert.time,
      key: text(data.key),
      events,
      correlationId: alert.correlationId,
      first: text(data.first),
      last: text(data.last),
      deadline: text(data.deadline),
      ...(out.masked ? { masked: out.masked } : {}),
    };
  });
}
