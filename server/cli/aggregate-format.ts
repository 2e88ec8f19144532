/**
 * `eventlens aggregates` as text (pure): the types table and one aggregate's history around a version
 * with the state there and what each event changed. `now` is a parameter so the output is testable.
 */
import type { AggregateDetail, AggregateTypeSummary, StateChange } from '@/server/contracts/aggregates';
import { duration, preview, table } from './output';

const count = (n: number): string => n.toLocaleString('en-US');

export function aggregateTypeRows(types: readonly AggregateTypeSummary[], now: number): string[] {
  return table(
    [
      'TYPE',
      'TOPIC',
      'WRITERS',
      'AGGREGATES',
      'EVENTS/S',
      'APPENDS',
      'CONFLICTS',
      'INVALID',
      'FAILED',
      'SNAPSHOTS',
      'LAST SEEN',
    ],
    types.map((t) => [
      t.type,
      t.topic,
      [...new Set(t.writers.map((w) => w.service))].join(',') +
        (t.writers.length > 1 ? ` (${t.writers.length})` : ''),
      count(t.aggregates),
      t.eventsPerSec.toFixed(1),
      count(t.appends),
      count(t.conflicts),
      count(t.invalid),
      count(t.failed),
      count(t.snapshots),
      `${duration(Math.max(0, now - t.lastSeen))} ago`,
    ]),
  );
}

function changeLine(change: StateChange): string {
  const value = (v: unknown) => preview(v, 60);
  if (change.op === 'added') return `    + ${change.path} = ${value(change.after)}`;
  if (change.op === 'removed') return `    - ${change.path} (was ${value(change.before)})`;
  return `    ~ ${change.path}: ${value(change.before)} -> ${value(change.after)}`;
}

/** The page's events (the asked one marked `>`), each with its changes, then the state at `at`. */
export function describeAggregate(detail: AggregateDetail): string[] {
  const lines = [
    `${detail.type} ${detail.aggregateId}  version ${detail.at} of ${detail.version}  (topic ${detail.topic}; events ${detail.from}-${detail.to} shown)`,
  ];
  if (detail.masking)
    lines.push(
      detail.masking.all
        ? `masked: ${detail.masking.reason}`
        : `masked at ${detail.masking.paths.join(', ')}`,
    );
  if (detail.statesNote) lines.push(detail.statesNote);
  lines.push('');
  for (const event of detail.events) {
    const mark = event.version === detail.at ? '>' : ' ';
    lines.push(`${mark} v${event.version}  ${event.type}  ${event.time ?? ''}`.trimEnd());
    for (const change of event.changes ?? []) lines.push(changeLine(change));
  }
  if (detail.state !== undefined) {
    lines.push('', `state at version ${detail.at}:`);
    lines.push(
      ...JSON.stringify(detail.state, null, 2)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  return lines;
}
