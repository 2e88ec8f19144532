/**
 * projectEntry on the streams the SDK writes beside the topics: telemetry entries become delivery rows
 * (every format version, and what cannot be read is counted), dead-letter entries become dead letters.
 */
import { describe, expect, it } from 'vitest';
import { deadLetterFields } from '@/server/bus/dead-letters';
import { TelemetryChannel } from '@/server/bus/telemetry';
import { encodeColumns, TELEMETRY_VERSION } from '@/server/bus/telemetry-format';
import { projectEntry, type StreamRef } from './project';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

describe('projectEntry: telemetry and dead letters', () => {
  const telemetryStream: StreamRef = { key: 'el:telemetry', kind: 'telemetry', topic: 'el:telemetry' };

  const head = ['group', 'billing', 'consumer', 'billing-1', 'service', 'billing-svc', 'dropped', '3'];

  it('turns a telemetry entry into delivery rows', () => {
    const channel = new TelemetryChannel('billing', 'billing-1', 'billing-svc', {
      maxBuffered: 100,
      maxPerEntry: 1_000,
    });
    channel.record('handled', 'orders', '10-0', 'e-1', 'order.placed', 'c-1', 1, 4.5);
    channel.record('retried', 'orders', '11-0', 'e-2', 'order.placed', 'c-2', 1, 2, 'transient', 'bo\tom');
    channel.record('duplicate', 'orders', '12-0', 'e-1', 'order.placed', 'c-1', 1, 0.2);
    const flat = ['v', TELEMETRY_VERSION, ...head, 'records', encodeColumns(channel.take().columns)];
    const p = projectEntry(telemetryStream, '20-0', flat, undefined, NOW);
    expect(p.kind).toBe('deliveries');
    if (p.kind !== 'deliveries') return;
    expect(p.dropped).toBe(3);
    expect(p.rows).toHaveLength(3);
    expect(p.rows[0]).toMatchObject({
      topic: 'orders',
      entryId: '10-0',
      group: 'billing',
      consumer: 'billing-1',
      service: 'billing-svc',
      eventId: 'e-1',
      outcome: 'handled',
      attempt: 1,
      durationMs: 4.5,
    });
    expect(p.rows[1]).toMatchObject({ outcome: 'retried', category: 'transient', error: 'bo\tom' });
    expect(p.rows[2]).toMatchObject({ outcome: 'duplicate', eventId: 'e-1', category: null });
  });

  it('still reads the tab-separated entries of version 2 (older SDKs)', () => {
    const lines = 'h\torders\t10-0\te-1\torder.placed\tc-1\t1\t4.5\t\t\t1700000000000';
    const p = projectEntry(telemetryStream, '20-0', ['v', '2', ...head, 'lines', lines], undefined, NOW);
    expect(p).toMatchObject({ kind: 'deliveries', dropped: 3, unknownFormat: false });
    if (p.kind !== 'deliveries') return;
    expect(p.rows[0]).toMatchObject({ entryId: '10-0', eventId: 'e-1', durationMs: 4.5, outcome: 'handled' });
  });

  it('counts a version-3 entry whose records are not the columns object as unknown, without throwing', () => {
    for (const records of ['not json', '[1,2]', '{"outcome":5}']) {
      const p = projectEntry(
        telemetryStream,
        '20-0',
        ['v', '3', ...head, 'records', records],
        undefined,
        NOW,
      );
      expect(p).toMatchObject({ kind: 'deliveries', rows: [], unknownFormat: true });
    }
  });

  it('keeps the records of ragged columns, with nulls where a column is short', () => {
    const records = JSON.stringify({ outcome: 'hx', topic: ['orders'], entryId: ['1-0', '2-0'] });
    const p = projectEntry(telemetryStream, '20-0', ['v', '3', ...head, 'records', records], undefined, NOW);
    if (p.kind !== 'deliveries') throw new Error(p.kind);
    // 'x' is no outcome code: skipped; the handled record keeps what its columns hold
    expect(p.rows).toHaveLength(1);
    expect(p.rows[0]).toMatchObject({ topic: 'orders', entryId: '1-0', eventId: null, durationMs: null });
  });

  it('counts a telemetry entry of an unknown format', () => {
    const p = projectEntry(telemetryStream, '20-0', ['v', '99', 'lines', 'x'], undefined, NOW);
    expect(p).toEqual({ kind: 'deliveries', rows: [], dropped: 0, unknownFormat: true });
  });

  it('turns a dead-letter entry into a pending dead letter with its recorded history', () => {
    const error = new Error('card declined');
    const flat = deadLetterFields({
      topic: 'orders',
      stream: 'el:{orders}:stream',
      entryId: '10-0',
      group: 'billing',
      consumer: 'billing-1',
      fields: { event: '{}' },
      envelope: null,
      failure: { attempts: 5, firstFailureAt: 1_000, lastFailureAt: 2_000, error, category: 'transient' },
    });
    const dlqStream: StreamRef = { key: 'el:{orders}:dlq', kind: 'dead-letters', topic: 'orders' };
    const p = projectEntry(dlqStream, '30-0', flat, undefined, NOW);
    expect(p.kind).toBe('dead-letter');
    if (p.kind !== 'dead-letter') return;
    expect(p.row).toMatchObject({
      id: 'orders/30-0',
      topic: 'orders',
      group: 'billing',
      entryId: '10-0',
      category: 'transient',
      attempts: 5,
      firstFailureMs: 1_000,
      lastFailureMs: 2_000,
      errorMessage: 'card declined',
      raw: { event: '{}' },
      pattern: 'card declined',
      // the top frame is this test file (vitest's own frames are in node_modules)
      frame: expect.stringContaining('server/recorder/project-telemetry-dead-letters.test.ts:'),
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(p.row.history).toEqual([
      { at: new Date(NOW).toISOString(), action: 'recorded', actor: 'recorder' },
    ]);
  });

  it('keeps a hand-written dead-letter entry too', () => {
    const dlqStream: StreamRef = { key: 'el:{orders}:dlq', kind: 'dead-letters', topic: 'orders' };
    const p = projectEntry(dlqStream, '1767323045000-0', ['note', 'moved by hand'], undefined, NOW);
    if (p.kind !== 'dead-letter') throw new Error('expected a dead letter');
    expect(p.row).toMatchObject({
      id: 'orders/1767323045000-0',
      category: 'poison',
      errorName: 'UnreadableDeadLetter',
      raw: { note: 'moved by hand' },
      lastFailureMs: 1767323045000,
    });
  });
});
