import { describe, expect, it } from 'vitest';
import { decodeEventCursor, encodeEventCursor } from './cursor';

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
