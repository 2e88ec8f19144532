import { validate as uuidValidate, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newSpanId, newTraceId, nowIso, uuidv7 } from './ids';

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
