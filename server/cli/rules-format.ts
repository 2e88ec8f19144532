/** Plain-text views of processors and rules for the CLI: one table, or one rule's facts and alerts. */
import type { ProcessorSummary, RuleDetail, RuleSummary } from '@/server/contracts/rules';
import { duration, table } from './output';

const rate = (n: number): string => `${n}/s`;

/** "5 in 1m0s" (count) or "none in 10m00s" (absence). */
export function ruleShapeText(rule: ProcessorSummary['rule'], kind: ProcessorSummary['kind']): string {
  if (!rule) return '-';
  const within = duration(rule.withinMs);
  return kind === 'count' ? `${rule.count ?? '?'} in ${within}` : `follow-up within ${within}`;
}

export function processorRows(processors: readonly ProcessorSummary[]): string[] {
  return table(
    ['NAME', 'KIND', 'INPUTS', 'OUTPUT', 'RATE', 'LAG', 'ERRORS', 'PROCESSES'],
    processors.map((p) => [
      p.name,
      p.kind,
      p.topics.join(','),
      p.output,
      rate(p.ratePerSec),
      p.lag === null ? '-' : String(p.lag),
      String(p.errors),
      String(p.processes),
    ]),
  );
}

export function ruleRows(rules: readonly RuleSummary[], now: number): string[] {
  return table(
    ['NAME', 'KIND', 'RULE', 'INPUTS', 'OUTPUT', 'MATCHES/H', 'LAST MATCH'],
    rules.map((r) => [
      r.name,
      r.kind,
      ruleShapeText(r.rule, r.kind),
      r.topics.join(','),
      `${r.output} (${r.alertType})`,
      String(r.matchesLastHour),
      r.lastMatchAt ? `${duration(now - Date.parse(r.lastMatchAt))} ago` : 'never',
    ]),
  );
}

/** One rule: facts, the last 10 minutes per minute, then its alerts with key, matched ids and trace. */
export function describeRule(detail: RuleDetail, now: number): string[] {
  const r = detail.rule;
  const lines = [
    `rule ${r.name} (${r.kind})`,
    ...(r.description ? [`  ${r.description}`] : []),
    `  matches:   ${ruleShapeText(r.rule, r.kind)}`,
    `  inputs:    ${r.topics.join(', ')}`,
    `  alerts to: ${r.output} (${r.alertType})`,
    `  processes: ${r.processes} (${r.services.join(', ')}), ${rate(r.ratePerSec)}, lag ${r.lag ?? '-'}, errors ${r.errors}`,
    `  last hour: ${r.matchesLastHour} matches; last 10 min: ${r.matchesPerMinute
      .slice(-10)
      .map((m) => m.count)
      .join(' ')}`,
    '',
  ];
  if (detail.alerts.length === 0) return [...lines, 'no alerts recorded'];
  const rows = table(
    ['TIME', 'KEY', 'EVENTS', 'TRACE'],
    detail.alerts.map((a) => [
      `${a.time.slice(0, 19)}Z (${duration(now - Date.parse(a.time))} ago)`,
      a.key ?? (a.masked ? '(masked)' : '-'),
      a.events.length > 0 ? a.events.join(',') : '-',
      a.correlationId ?? '-',
    ]),
  );
  return [...lines, ...rows, ...(detail.nextCursor ? [`next page: --cursor ${detail.nextCursor}`] : [])];
}
