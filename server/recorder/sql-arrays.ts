/**
 * The parameter encoding every recorder statement shares: each column is one text[] literal passed as
 * text (`$n::text::text[]`) and cast in SQL, so that neither driver re-serializes it (measured:
 * postgres.js' array serializer cost 6.5 us per row of 19 columns; `textArray` costs a fraction) and one
 * prepared statement serves every batch size.
 */
import { isoFromMs } from './storable';

export type Text = string | null;

/** `select <casts> from unnest($first, $first+1, ...)`: one text[] parameter per column. */
export const unnest = (casts: readonly string[], first = 1): string =>
  `select ${casts.map((cast, i) => (cast ? `c${i}::${cast}` : `c${i}`)).join(', ')} ` +
  `from unnest(${casts.map((_, i) => `$${i + first}::text::text[]`).join(', ')}) as u(${casts.map((_, i) => `c${i}`).join(', ')})`;

const ARRAY_ESCAPE = /["\\]/g;

/** A text[] literal: `{"a","b\\"c",NULL}`; elements are escaped only when they need it. */
export function textArray(values: readonly Text[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ',';
    if (value === null || value === undefined) out += 'NULL';
    else if (value.indexOf('"') === -1 && value.indexOf('\\') === -1) out += `"${value}"`;
    else out += `"${value.replace(ARRAY_ESCAPE, '\\$&')}"`;
  }
  return `${out}}`;
}

export const literals = (columns: readonly Text[][]): string[] => columns.map(textArray);

/** Rows to `width` column arrays (empty arrays for no rows: statements keep their parameter count). */
export function columns<R>(rows: readonly R[], width: number, row: (r: R) => Text[]): Text[][] {
  const out: Text[][] = Array.from({ length: width }, () => new Array<Text>(rows.length));
  rows.forEach((r, i) => {
    row(r).forEach((value, c) => {
      out[c]![i] = value;
    });
  });
  return out;
}

export const num = (n: number | null): Text => (n === null ? null : String(n));
export const time = (ms: number): string => isoFromMs(ms) ?? new Date(0).toISOString();
export const histogram = (buckets: readonly number[]): string => `{${buckets.join(',')}}`;
