import { describe, expect, it } from 'vitest';
import { layoutColumns, type ColumnSpec } from './columns';

const COLUMNS: ColumnSpec[] = [
  { track: 'minmax(100px, 1fr)', min: 100 },
  { track: '50px', min: 50, priority: 2 },
  { track: 'minmax(80px, 1fr)', min: 80, priority: 3 },
  { track: '40px', min: 40 },
];
const CHROME = { gap: 10, padding: 20 };

describe('layoutColumns', () => {
  it('shows every column when they fit', () => {
    expect(layoutColumns(COLUMNS, 400, CHROME)).toEqual({
      shown: 3,
      template: 'minmax(100px, 1fr) 50px minmax(80px, 1fr) 40px',
      minWidth: 100 + 50 + 80 + 40 + 30 + 20,
    });
  });

  it('drops priority 3 first, then priority 2', () => {
    expect(layoutColumns(COLUMNS, 319, CHROME).shown).toBe(2);
    expect(layoutColumns(COLUMNS, 319, CHROME).template).toBe('minmax(100px, 1fr) 50px 40px');
    expect(layoutColumns(COLUMNS, 229, CHROME)).toEqual({
      shown: 1,
      template: 'minmax(100px, 1fr) 40px',
      minWidth: 100 + 40 + 10 + 20,
    });
  });

  it('keeps the essential columns and says how wide they need to scroll', () => {
    expect(layoutColumns(COLUMNS, 100, CHROME)).toMatchObject({ shown: 1, minWidth: 170 });
  });
});
