import { describe, expect, it } from 'vitest';
import { ariaSort, compareValues, formatSort, nextSort, parseSort, sortRows } from './sort';

describe('sortRows', () => {
  const rows = [
    { name: 'b-10', lag: 5 },
    { name: 'b-9', lag: null },
    { name: 'a', lag: 40 },
    { name: 'c', lag: 5 },
  ];
  const valueOf = (row: (typeof rows)[number], column: 'name' | 'lag') => row[column];

  it('orders figures largest first and keeps ties in server order', () => {
    const sorted = sortRows(rows, { column: 'lag', direction: 'desc' }, valueOf);
    expect(sorted.map((r) => r.name)).toEqual(['a', 'b-10', 'c', 'b-9']);
  });

  it('puts unknown figures last in both directions', () => {
    const sorted = sortRows(rows, { column: 'lag', direction: 'asc' }, valueOf);
    expect(sorted.map((r) => r.name)).toEqual(['b-10', 'c', 'a', 'b-9']);
  });

  it('orders names naturally: 9 before 10', () => {
    const sorted = sortRows(rows, { column: 'name', direction: 'asc' }, valueOf);
    expect(sorted.map((r) => r.name)).toEqual(['a', 'b-9', 'b-10', 'c']);
  });

  it('returns the rows untouched without a sort', () => {
    expect(sortRows(rows, null, valueOf)).toBe(rows);
  });
});

describe('nextSort', () => {
  it('cycles first direction, the other, then none', () => {
    const first = nextSort(null, 'lag', 'desc');
    expect(first).toEqual({ column: 'lag', direction: 'desc' });
    const second = nextSort(first, 'lag', 'desc');
    expect(second).toEqual({ column: 'lag', direction: 'asc' });
    expect(nextSort(second, 'lag', 'desc')).toBeNull();
  });

  it('starts a new column in its own first direction', () => {
    expect(nextSort({ column: 'lag', direction: 'asc' }, 'name', 'asc')).toEqual({
      column: 'name',
      direction: 'asc',
    });
  });
});

describe('sort in a URL and for assistive tech', () => {
  it('round-trips and rejects what it does not know', () => {
    expect(parseSort(formatSort({ column: 'lag', direction: 'desc' }), ['lag', 'name'])).toEqual({
      column: 'lag',
      direction: 'desc',
    });
    expect(parseSort('lag.sideways', ['lag'])).toBeNull();
    expect(parseSort('bogus.asc', ['lag'])).toBeNull();
    expect(parseSort(null, ['lag'])).toBeNull();
  });

  it('names the sorted column only', () => {
    expect(ariaSort({ column: 'lag', direction: 'asc' }, 'lag')).toBe('ascending');
    expect(ariaSort({ column: 'lag', direction: 'desc' }, 'lag')).toBe('descending');
    expect(ariaSort({ column: 'lag', direction: 'desc' }, 'name')).toBe('none');
  });

  it('compares numbers as numbers', () => {
    expect(compareValues(9, 10, 'asc')).toBeLessThan(0);
  });
});
