import { formatDuration } from '@/components/lib/format';
import type { ProcessorSummary } from '@/server/contracts/rules';

/** "5 within 1m" / "no follow-up within 10m": the announced shape of a rule, in words. */
export function ruleShape(rule: ProcessorSummary['rule'], kind: ProcessorSummary['kind']): string {
  if (!rule) return '—';
  const within = formatDuration(rule.withinMs);
  if (kind === 'count') return `${rule.count ?? '?'} matching events of one key within ${within}`;
  return `first event not followed within ${within}`;
}

export const RULE_KIND_LABEL: Record<ProcessorSummary['kind'], string> = {
  forward: 'forward',
  window: 'window',
  count: 'count',
  absence: 'absence',
};

/** Per-minute points for the Sparkline (epoch ms). */
export function minutePoints(perMinute: readonly { minute: string; count: number }[]) {
  return perMinute.map((m) => ({ t: Date.parse(m.minute), value: m.count }));
}

export const perMinute = (n: number): string => `${n}/min`;
