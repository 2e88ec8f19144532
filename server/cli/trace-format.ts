/**
 * `eventlens trace` as text (pure): the trace's head, the causation tree one row per event (indented
 * by depth, ★ on the critical path, time since the parent event) with each consumer group's delivery
 * under it, placeholders and warnings marked with `!`, and the critical path's totals per service.
 */
import type { TraceDelivery, TraceDetail, TraceNode } from '@/server/contracts/traces';
import { duration, table } from './output';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function traceHead(detail: TraceDetail): string[] {
  const s = detail.summary;
  const figures = [
    plural(s.events, 'event'),
    plural(s.services.length, 'service'),
    `duration ${duration(s.durationMs)}`,
    plural(s.failures, 'failure'),
    plural(s.deadLetters, 'dead letter'),
    plural(s.replays, 'replay'),
  ];
  return [
    `trace ${s.correlationId}  ${s.rootType ?? '(no root: every event has a cause)'}${s.inProgress ? '  (in progress)' : ''}`,
    `${figures.join(', ')}; started ${s.start}`,
    `services: ${s.services.join(', ') || '-'}`,
  ];
}

function deliveryLine(d: TraceDelivery): string {
  const attempts = d.attempts.length;
  const parts = [`${d.group} (${d.service}): ${d.outcome}`, plural(attempts, 'attempt')];
  const retries = d.attempts.flatMap((a) => (a.delayMs === null ? [] : [duration(a.delayMs)]));
  if (retries.length > 0) parts.push(`retried after ${retries.join(', ')}`);
  if (d.queueWaitMs !== null) parts.push(`wait ${duration(d.queueWaitMs)}`);
  if (d.handlerMs !== null) parts.push(`handler ${duration(d.handlerMs)}`);
  const error = [...d.attempts].reverse().find((a) => a.error !== null)?.error;
  if (error && d.outcome !== 'handled') parts.push(`error: ${error}`);
  if (d.deadLetterId) parts.push(`dead letter ${d.deadLetterId}`);
  if (d.replayJobId) parts.push(`replay job ${d.replayJobId}`);
  return parts.join(', ');
}

/** One node and its deliveries; indentation follows the tree's depth. */
export function nodeLines(node: TraceNode): string[] {
  const indent = '  '.repeat(node.depth);
  if (node.kind !== 'event') {
    return [`${indent}  ! ${node.kind} ${node.id}: ${node.reason ?? 'no reason given'}`];
  }
  const since = node.sinceParentMs === null ? 'root' : `+${duration(node.sinceParentMs)}`;
  const head = [
    `${indent}${node.critical ? '★' : ' '} ${node.type ?? '?'}`,
    node.source ?? '-',
    since,
    node.id,
  ];
  if (node.foreign) head.push('(foreign)');
  return [head.join('  '), ...node.deliveries.map((d) => `${indent}    ↳ ${deliveryLine(d)}`)];
}

export function warningLines(detail: TraceDetail): string[] {
  if (detail.warnings.length === 0) return [];
  return ['warnings:', ...detail.warnings.map((w) => `  ! ${w.kind}: ${w.message}`)];
}

export function criticalPathLines(detail: TraceDetail): string[] {
  const path = detail.criticalPath;
  if (path.eventIds.length === 0) return ['critical path: none (no event without a cause)'];
  const services = [...path.services].sort((a, b) => b.ms - a.ms);
  return [
    `critical path (★): ${duration(path.totalMs)} over ${plural(path.hops.length, 'hop')}`,
    ...table(
      ['SERVICE', 'TIME', 'HOPS'],
      services.map((s) => [s.service, duration(s.ms), String(s.hops)]),
    ).map((line) => `  ${line}`),
  ];
}
