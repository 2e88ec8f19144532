import { describe, expect, it } from 'vitest';
import {
  ConditionSyntaxError,
  describeCondition,
  parseCompactCondition,
  parseLooseValue,
  parsePath,
  toJsonPathPredicate,
} from './json-condition';

describe('parsePath', () => {
  it('reads keys, quoted keys, indexes and wildcards, with or without $', () => {
    expect(parsePath('$.a.b[2]')).toEqual([
      { kind: 'key', key: 'a' },
      { kind: 'key', key: 'b' },
      { kind: 'index', index: 2 },
    ]);
    expect(parsePath('severity.level')).toEqual([
      { kind: 'key', key: 'severity' },
      { kind: 'key', key: 'level' },
    ]);
    expect(parsePath('$."a key"["x.y"].items[*].*')).toEqual([
      { kind: 'key', key: 'a key' },
      { kind: 'key', key: 'x.y' },
      { kind: 'key', key: 'items' },
      { kind: 'elements' },
      { kind: 'members' },
    ]);
    expect(parsePath('$')).toEqual([]);
  });

  it('refuses what is not a path, saying where', () => {
    expect(() => parsePath('$.a[')).toThrow(/expected \[<index>\], \[\*\] or \["key"\] at position 4/);
    expect(() => parsePath('$.')).toThrow(/expected a key at position 3/);
    expect(() => parsePath('$.a b')).toThrow(/unexpected " " at position 4/);
    expect(() => parsePath('@.a')).toThrow(/a path starts with \$/);
    expect(() => parsePath('$."open')).toThrow(/unterminated quoted key/);
    expect(() => parsePath('$.a' + '.b'.repeat(30))).toThrow(/at most 24 steps/);
    expect(() => parsePath('$[99999999]')).toThrow(/too large/);
  });
});

describe('parseCompactCondition', () => {
  it('reads path, operator and JSON value', () => {
    expect(parseCompactCondition('$.severity == "high"')).toEqual({
      segments: [{ kind: 'key', key: 'severity' }],
      op: 'eq',
      value: 'high',
    });
    expect(parseCompactCondition('$.score>=5')).toMatchObject({ op: 'gte', value: 5 });
    expect(parseCompactCondition('$.a.b != null')).toMatchObject({ op: 'ne', value: null });
    expect(parseCompactCondition('$.ok = true')).toMatchObject({ op: 'eq', value: true });
    expect(parseCompactCondition('$.name starts with "web-"')).toMatchObject({
      op: 'startsWith',
      value: 'web-',
    });
    expect(parseCompactCondition('$.tags')).toMatchObject({ op: 'exists' });
    expect(parseCompactCondition('exists($.a[0])')).toMatchObject({ op: 'exists' });
  });

  it('explains what is wrong', () => {
    expect(() => parseCompactCondition('$.severity == high')).toThrow(/strings in double quotes/);
    expect(() => parseCompactCondition('$.severity ~ "x"')).toThrow(/expected an operator/);
    expect(() => parseCompactCondition('$.a == {"x":1}')).toThrow(/not an object or array/);
    expect(() => parseCompactCondition('$.a starts with 5')).toThrow(/needs a string/);
    expect(() => parseCompactCondition('$.a > true')).toThrow(/compares numbers or strings/);
    expect(() => parseCompactCondition('')).toThrow(ConditionSyntaxError);
  });
});

describe('toJsonPathPredicate', () => {
  it('quotes every key and escapes every string, whatever they hold', () => {
    const condition = parseCompactCondition(`$."it's"[0] == "x\\") || true"`);
    expect(condition.value).toBe('x") || true');
    expect(toJsonPathPredicate(condition)).toBe(`$."it's"[0] ? (@ == "x\\") || true")`);
    expect(toJsonPathPredicate(parseCompactCondition('$."a\\"b".*'))).toBe('$."a\\"b".*');
    expect(toJsonPathPredicate(parseCompactCondition('$.n >= -1.5e3'))).toBe('$."n" ? (@ >= -1500)');
    expect(toJsonPathPredicate(parseCompactCondition('$.x != null'))).toBe('$."x" ? (@ != null)');
  });

  it('refuses text Postgres could not store', () => {
    expect(() => parseLooseValue('a\u0000b')).toThrow(/NUL/);
    expect(() => parseLooseValue('\ud800x')).toThrow(/valid Unicode/);
    expect(() => parseCompactCondition('$.a == "\\ud800"')).toThrow(/valid Unicode/);
    expect(parseLooseValue('ok 👍')).toBe('ok 👍');
  });

  it('describes conditions readably', () => {
    expect(describeCondition(parseCompactCondition('$."a b".c >= 2'))).toBe('$."a b".c >= 2');
    expect(describeCondition(parseCompactCondition('$.x'))).toBe('exists($.x)');
  });
});

describe('parseLooseValue', () => {
  it('reads JSON scalars and falls back to text', () => {
    expect(parseLooseValue('high')).toBe('high');
    expect(parseLooseValue('5')).toBe(5);
    expect(parseLooseValue('"5"')).toBe('5');
    expect(parseLooseValue('false')).toBe(false);
    expect(parseLooseValue('null')).toBeNull();
    expect(() => parseLooseValue('[1]')).toThrow(/not an object or array/);
  });
});
