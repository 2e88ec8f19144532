import { describe, expect, it } from 'vitest';
import {
  fnv1a,
  indexedText,
  int32,
  jsonbText,
  MAX_INDEXED_CHARS,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  parseIsoTime,
  storableJson,
  storableText,
} from './storable';

describe('storable values', () => {
  it('replaces NUL in text', () => {
    expect(storableText('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    expect(storableText('plain')).toBe('plain');
  });

  it('caps indexed text with a fingerprint of the whole', () => {
    const long = 'y'.repeat(MAX_INDEXED_CHARS + 1);
    expect(indexedText(long)).toHaveLength(MAX_INDEXED_CHARS);
    expect(indexedText(long).endsWith(`#${fnv1a(long)}`)).toBe(true);
    expect(indexedText('short')).toBe('short');
  });

  it('writes JSON that jsonb accepts: no \\u0000, no lone surrogates, escaped backslashes untouched', () => {
    expect(jsonbText({ a: 'x\u0000y' })).toBe('{"a":"x\\ufffdy"}');
    expect(jsonbText({ a: '\ud800' })).toBe('{"a":"\\ufffd"}');
    expect(jsonbText({ a: '\udc00z' })).toBe('{"a":"\\ufffdz"}');
    // a literal backslash followed by "u0000" is text, not an escape
    expect(jsonbText({ a: '\\u0000' })).toBe('{"a":"\\\\u0000"}');
    expect(jsonbText({ a: '\\\u0000' })).toBe('{"a":"\\\\\\ufffd"}');
    expect(jsonbText({ a: '😀', b: '\u0001' })).toBe('{"a":"😀","b":"\\u0001"}');
    expect(jsonbText(undefined)).toBeNull();
    expect(jsonbText(null)).toBe('null');
  });

  it('refuses JSON nested deeper than MAX_JSON_DEPTH, with the reason, whatever the depth', () => {
    const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
    const tooDeep = { ok: false, reason: `it nests deeper than ${MAX_JSON_DEPTH} levels` };
    expect(storableJson(nested(MAX_JSON_DEPTH + 1))).toEqual(tooDeep);
    expect(storableJson({ a: nested(MAX_JSON_DEPTH) })).toEqual(tooDeep);
    // deep enough to overflow JSON.stringify's stack: the same answer, no RangeError
    expect(storableJson(nested(100_000))).toEqual(tooDeep);
    expect(storableJson(nested(MAX_JSON_DEPTH))).toMatchObject({ ok: true });
    expect(storableJson({ a: 'x\u0000y' })).toEqual({ ok: true, text: '{"a":"x\\ufffdy"}' });
    expect(storableJson(undefined)).toEqual({ ok: true, text: null });
    expect(storableJson({ n: 1n })).toMatchObject({ ok: false, reason: /not encodable as JSON/ });
  });

  it('measures nesting outside strings only', () => {
    expect(nestsDeeperThan('[[1]]', 2)).toBe(false);
    expect(nestsDeeperThan('[[[1]]]', 2)).toBe(true);
    expect(nestsDeeperThan('[{"a":[]}]', 2)).toBe(true);
    expect(nestsDeeperThan('["[[[[", "\\"[[[["]', 2)).toBe(false);
    expect(nestsDeeperThan('[[],[],[]]', 2)).toBe(false);
  });

  it('accepts strict ISO times only', () => {
    expect(parseIsoTime('2026-01-02T03:04:05.123456Z')).toEqual({
      iso: '2026-01-02T03:04:05.123456Z',
      ms: Date.parse('2026-01-02T03:04:05.123Z'),
    });
    expect(parseIsoTime('2026-01-02T03:04:05+02:00')?.ms).toBe(Date.parse('2026-01-02T01:04:05Z'));
    for (const loose of [
      'now',
      '2026-01-02',
      'Jan 2 2026',
      '2026-01-02T03:04:05',
      '1969-12-31T23:59:59Z',
      undefined,
    ]) {
      expect(parseIsoTime(loose)).toBeNull();
    }
  });

  it('keeps 32-bit integers only', () => {
    expect(int32(7)).toBe(7);
    expect(int32(2 ** 31)).toBeNull();
    expect(int32(1.5)).toBeNull();
    expect(int32('3')).toBeNull();
  });
});
