import { describe, expect, it } from 'vitest';
import { decodeEventCursor, encodeCursorTuple, encodeEventCursor, timeIdCursor } from './cursor';

describe('event cursors', () => {
  it('round-trip, unicode included, as URL-safe text', () => {
    for (const order of ['desc', 'asc'] as const) {
      const cursor = { time: '2025-01-31T12:00:00.123456Z', source: '/services/ünï', id: 'a/b+c=', order };
      const text = encodeEventCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeEventCursor(text)).toEqual(cursor);
    }
  });

  it('refuses anything this API did not issue', () => {
    const good = encodeEventCursor({ time: '2025-01-31T12:00:00Z', source: 's', id: 'i', order: 'desc' });
    for (const bad of [
      '',
      'abc',
      'not base64!',
      good.slice(0, -3),
      btoa(JSON.stringify(['e1', 'yesterday', 's', 'i'])),
      btoa(JSON.stringify(['e2', '2025-01-31T12:00:00Z', 's', 'i'])),
      btoa(JSON.stringify(['e1', '2025-01-31T12:00:00Z', 's', 'i', 'sideways'])),
      btoa(JSON.stringify({ time: '2025-01-31T12:00:00Z' })),
      'A'.repeat(5_000),
    ]) {
      expect(decodeEventCursor(bad)).toBeNull();
    }
  });
});

describe('time-then-id cursors', () => {
  const letters = timeIdCursor('d1');
  const sagas = timeIdCursor('s1');
  const row = { time: '2025-01-31T12:00:00.123456Z', id: 'orders/1738324800000-0' };

  it('round-trip as URL-safe text', () => {
    const text = letters.encode(row);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(letters.decode(text)).toEqual(row);
  });

  it('read the cursors issued before they shared this code (Node base64url of the same tuple)', () => {
    const earlier = Buffer.from(JSON.stringify(['d1', row.time, row.id]), 'utf8').toString('base64url');
    expect(letters.decode(earlier)).toEqual(row);
    expect(letters.encode(row)).toBe(earlier);
  });

  it("refuse another list's cursor, an edited one, and anything else", () => {
    for (const bad of [
      sagas.encode(row),
      encodeEventCursor({ time: row.time, source: 's', id: 'i', order: 'desc' }),
      encodeCursorTuple(['d1', 'yesterday', 'x']),
      encodeCursorTuple(['d1', row.time, '']),
      encodeCursorTuple(['d1', row.time, row.id, 'more']),
      letters.encode(row).slice(0, -4),
      'not base64!',
      'A'.repeat(600),
    ]) {
      expect(letters.decode(bad)).toBeNull();
    }
  });
});
