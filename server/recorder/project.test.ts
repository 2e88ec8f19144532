import { describe, expect, it } from 'vitest';
import { buildEnvelope } from '@/server/bus';
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
