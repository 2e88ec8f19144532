import { describe, expect, it } from 'vitest';
import { indentJsonText } from './partial-json';

describe('indentJsonText', () => {
  it('indents whole JSON the way JSON.stringify(…, 2) does', () => {
    const value = { a: [1, { b: 'x, "y": [z]' }], c: {}, d: [], e: null };
    expect(indentJsonText(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
    // jsonb's spacing ("a": 1, "b": 2) reads the same
    expect(indentJsonText('{"a": 1, "b": [true, "\\" ,"]}')).toBe(
      JSON.stringify({ a: 1, b: [true, '" ,'] }, null, 2),
    );
  });

  it('copes with text cut anywhere', () => {
    expect(indentJsonText('{"items": [{"i": 1, "note": "a, b')).toBe(
      '{\n  "items": [\n    {\n      "i": 1,\n      "note": "a, b',
    );
    expect(indentJsonText('[1, 2, 3')).toBe('[\n  1,\n  2,\n  3');
    expect(indentJsonText('{"a": "x\\')).toBe('{\n  "a": "x\\');
  });
});
