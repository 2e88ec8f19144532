import { validate as uuidValidate, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import { TRACEPARENT } from '@/server/contracts/envelope';
import { newSpanId, newTraceId, newTraceparent, nowIso, uuidv7 } from './ids';

describe('uuidv7', () => {
  it('is a valid RFC 9562 version 7 UUID carrying the time', () => {
    const now = Date.now();
    const id = uuidv7(now);
    expect(uuidValidate(id)).toBe(true);
    expect(uuidVersion(id)).toBe(7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
    expect(id[19]).toMatch(/[89ab]/);
  });

  it('sorts in creation order within one millisecond and across them', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 5_000)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('trace ids and time', () => {
  it('are lower-case hex of the W3C lengths', () => {
    expect(newTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSpanId()).toMatch(/^[0-9a-f]{16}$/);
    expect(newTraceId()).not.toBe(newTraceId());
  });
  it('formats the current time', () => {
    expect(nowIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(nowIso(1)).toBe('1970-01-01T00:00:00.001Z');
  });
});

describe('newTraceparent', () => {
  it('starts a sampled trace, or continues the parent trace with a new span and its flags', () => {
    const root = newTraceparent(undefined);
    expect(root).toMatch(TRACEPARENT);
    expect(root.endsWith('-01')).toBe(true);
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';
    const child = newTraceparent(parent);
    expect(child).toMatch(TRACEPARENT);
    expect(child.slice(0, 36)).toBe(parent.slice(0, 36));
    expect(child.slice(36, 52)).not.toBe(parent.slice(36, 52));
    expect(child.slice(-3)).toBe('-00');
    expect(newTraceparent(parent)).not.toBe(child);
  });
});

describe('uuidv7 across many calls', () => {
  it('keeps the version and variant digits on every id', () => {
    for (let i = 0; i < 2_000; i++) {
      const id = uuidv7(1_700_000_000_000 + (i % 3));
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
