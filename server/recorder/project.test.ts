import { describe, expect, it } from 'vitest';
import { buildEnvelope } from '@/server/bus';
import { deadLetterFields } from '@/server/bus/dead-letters';
import { TelemetryChannel } from '@/server/bus/telemetry';
import { encodeColumns, TELEMETRY_VERSION } from '@/server/bus/telemetry-format';
import { entryMs, projectEntry, serviceOf, UNKNOWN_TYPE, type Projection, type StreamRef } from './project';
import { MAX_INDEXED_CHARS, MAX_JSON_DEPTH } from './storable';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const topicStream: StreamRef = { key: 'el:{orders}:stream', kind: 'topic', topic: 'orders' };
const foreignStream: StreamRef = { key: 'orders-legacy', kind: 'foreign', topic: 'orders-legacy' };

const eventOf = (p: Projection) => {
  if (p.kind !== 'event') throw new Error(`expected an event, got ${p.kind}`);
  return p.row;
};

describe('projectEntry: SDK entries', () => {
  const envelope = buildEnvelope(
    '/services/checkout',
    {
      type: 'order.placed',
      data: { orderId: 'o-1', total: 12 },
      subject: 'o-1',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      time: '2026-01-02T03:04:05.123Z',
      dataVersion: 2,
      sensitivity: 'internal',
      tenantId: 'acme',
    },
    '0000000000000007',
  );
  const json = JSON.stringify(envelope);

  it('maps the envelope to an events row keyed by source + id + time', () => {
    const row = eventOf(projectEntry(topicStream, '1767323045678-3', ['event', json], undefined, NOW));
    expect(row).toMatchObject({
      source: '/services/checkout',
      eventId: envelope.id,
      time: '2026-01-02T03:04:05.123Z',
      timeMs: Date.parse('2026-01-02T03:04:05.123Z'),
      topic: 'orders',
      stream: 'el:{orders}:stream',
      entryId: '1767323045678-3',
      publishedMs: 1767323045678,
      type: 'order.placed',
      subject: 'o-1',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      traceparent: envelope.traceparent,
      tenantId: 'acme',
      dataVersion: 2,
      sensitivity: 'internal',
      dataJson: JSON.stringify({ orderId: 'o-1', total: 12 }),
      rawFields: null,
      foreign: false,
      decodeError: null,
      sizeBytes: Buffer.byteLength(json),
      service: 'checkout',
    });
  });

  it('keeps microseconds of the envelope time and falls back to the entry time for loose ones', () => {
    const micro = JSON.stringify({ ...envelope, time: '2026-01-02T03:04:05.123456Z' });
    expect(eventOf(projectEntry(topicStream, '1-0', ['event', micro], undefined, NOW)).time).toBe(
      '2026-01-02T03:04:05.123456Z',
    );
    for (const time of ['now', 'yesterday', 'Jan 1 2026', '99999-01-01T00:00:00Z']) {
      const loose = JSON.stringify({ ...envelope, time });
      const row = eventOf(projectEntry(topicStream, '1767323045678-0', ['event', loose], undefined, NOW));
      expect(row.time).toBe('2026-01-02T03:04:05.678Z');
    }
  });

  it('records an SDK envelope found on a foreign stream as an SDK event of that stream', () => {
    const row = eventOf(projectEntry(foreignStream, '5-0', ['event', json], undefined, NOW));
    expect(row).toMatchObject({ foreign: false, topic: 'orders-legacy', eventId: envelope.id });
  });

  it('keeps binary payloads as raw fields', () => {
    const binary = JSON.stringify({ ...envelope, data: undefined, data_base64: 'AAEC' });
    const row = eventOf(projectEntry(topicStream, '5-0', ['event', binary], undefined, NOW));
    expect(row.rawFields).toEqual({ event: binary });
  });

  it('drops a data version an integer column cannot hold rather than failing the batch', () => {
    const huge = JSON.stringify({ ...envelope, dataversion: 2 ** 40 });
    expect(eventOf(projectEntry(topicStream, '5-0', ['event', huge], undefined, NOW)).dataVersion).toBeNull();
  });
});

describe('projectEntry: foreign entries', () => {
  it('records raw fields, an id from stream + entry id, the entry time, and configured field names', () => {
    const flat = ['type', 'order.created', 'correlation_id', 'c-1', 'causationId', 'x-9', 'amount', '12'];
    const row = eventOf(projectEntry(foreignStream, '1767323045000-1', flat, undefined, NOW));
    expect(row).toMatchObject({
      source: 'orders-legacy',
      eventId: 'orders-legacy/1767323045000-1',
      time: '2026-01-02T03:04:05.000Z',
      topic: 'orders-legacy',
      type: 'order.created',
      correlationId: 'c-1',
      causationId: 'x-9',
      rawFields: { type: 'order.created', correlation_id: 'c-1', causationId: 'x-9', amount: '12' },
      foreign: true,
      decodeError: null,
      service: null,
      dataJson: null,
    });
    expect(row.sizeBytes).toBe(flat.reduce((n, s) => n + Buffer.byteLength(s), 0));
  });

  it('reads type and correlation from the configured names, first present wins', () => {
    const fields = { type: ['kind', 'type'], correlation: ['trace', 'correlationid'], causation: [] };
    const row = eventOf(
      projectEntry(foreignStream, '1-0', ['type', 'b', 'kind', 'a', 'correlationid', 'z'], fields, NOW),
    );
    expect(row).toMatchObject({ type: 'a', correlationId: 'z', causationId: null });
  });

  it('names the type unknown when no field says it', () => {
    expect(eventOf(projectEntry(foreignStream, '1-0', ['amount', '3'], undefined, NOW)).type).toBe(
      UNKNOWN_TYPE,
    );
  });

  it('treats a non-envelope `event` field on a foreign stream as a plain field', () => {
    const row = eventOf(
      projectEntry(foreignStream, '1-0', ['event', 'login', 'type', 'auth'], undefined, NOW),
    );
    expect(row).toMatchObject({
      foreign: true,
      type: 'auth',
      decodeError: null,
      rawFields: { event: 'login', type: 'auth' },
    });
  });

  it('records raw fields written onto an SDK topic stream as foreign', () => {
    const row = eventOf(projectEntry(topicStream, '1-0', ['type', 'x'], undefined, NOW));
    expect(row).toMatchObject({ foreign: true, topic: 'orders', source: 'el:{orders}:stream' });
  });
});

describe('projectEntry: undecodable entries', () => {
  it('records an `event` that is not JSON with its reason and raw fields', () => {
    const row = eventOf(projectEntry(topicStream, '1767323045000-0', ['event', '{not json'], undefined, NOW));
    expect(row).toMatchObject({
      source: 'el:{orders}:stream',
      eventId: 'el:{orders}:stream/1767323045000-0',
      type: UNKNOWN_TYPE,
      foreign: false,
      rawFields: { event: '{not json' },
    });
    expect(row.decodeError).toMatch(/"event" is not JSON/);
  });

  it('salvages type and correlation of JSON that is not a valid envelope', () => {
    const json = JSON.stringify({ specversion: '0.3', type: 'order.placed', correlationid: 'c-7' });
    const row = eventOf(projectEntry(topicStream, '1-0', ['event', json], undefined, NOW));
    expect(row).toMatchObject({ type: 'order.placed', correlationId: 'c-7' });
    expect(row.decodeError).toMatch(/^not a CloudEvents envelope: missing id, source; invalid specversion/);
  });
});

describe('projectEntry: storable rows', () => {
  const envelope = {
    specversion: '1.0',
    id: 'e-1',
    source: '/s',
    type: 'order.placed',
    correlationid: 'corr-1',
  };
  const nested = (depth: number) =>
    JSON.stringify({ ...envelope, data: '@' }).replace('"@"', `${'['.repeat(depth)}${']'.repeat(depth)}`);

  it('records an envelope whose data nests too deeply as undecodable, with the reason and raw fields', () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 10_000, 100_000]) {
      const json = nested(depth);
      const row = eventOf(projectEntry(topicStream, '1-0', ['event', json], undefined, NOW));
      expect(row).toMatchObject({
        eventId: 'el:{orders}:stream/1-0',
        type: 'order.placed',
        correlationId: 'corr-1',
        dataJson: null,
        rawFields: { event: json },
        decodeError: `the event's data cannot be stored: it nests deeper than ${MAX_JSON_DEPTH} levels`,
      });
    }
    const deepest = eventOf(
      projectEntry(topicStream, '1-0', ['event', nested(MAX_JSON_DEPTH)], undefined, NOW),
    );
    expect(deepest).toMatchObject({ eventId: envelope.id, decodeError: null });
    expect(deepest.dataJson).toHaveLength(2 * MAX_JSON_DEPTH);
  });

  it('stores data with NUL and lone surrogates as jsonb accepts it', () => {
    const json = JSON.stringify({ ...envelope, data: { text: 'a\u0000b', half: '\ud800' } });
    const row = eventOf(projectEntry(topicStream, '1-0', ['event', json], undefined, NOW));
    expect(row.dataJson).toBe('{"text":"a\\ufffdb","half":"\\ufffd"}');
  });

  it('replaces NUL characters, which Postgres text refuses', () => {
    const row = eventOf(
      projectEntry(foreignStream, '1-0', ['type', 'a\u0000b', 'k\u0000', 'v\u0000'], undefined, NOW),
    );
    expect(row.type).toBe('a\uFFFDb');
    expect(row.rawFields).toEqual({ type: 'a\uFFFDb', 'k\uFFFD': 'v\uFFFD' });
  });

  it('shortens over-long indexed values, keeping distinct values distinct', () => {
    const long = (c: string) => `${'x'.repeat(1_000)}${c}`;
    const a = eventOf(projectEntry(foreignStream, '1-0', ['correlationId', long('a')], undefined, NOW));
    const b = eventOf(projectEntry(foreignStream, '1-0', ['correlationId', long('b')], undefined, NOW));
    expect(a.correlationId!.length).toBeLessThanOrEqual(MAX_INDEXED_CHARS);
    expect(a.correlationId).not.toBe(b.correlationId);
  });
});

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
      frame: expect.stringContaining('server/recorder/project.test.ts:'),
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

describe('helpers', () => {
  it('reads the milliseconds of an entry id', () => {
    expect(entryMs('1767323045678-12', 5)).toBe(1767323045678);
    expect(entryMs('junk', 5)).toBe(5);
  });

  it('names the service behind a source', () => {
    expect(serviceOf('/services/checkout')).toBe('checkout');
    expect(serviceOf('urn:legacy:erp')).toBe('urn:legacy:erp');
  });
});
