/** The later of a stored ISO time and an epoch-ms time, as ISO. */
export function latest(iso: string | null, ms: number): string {
  return iso === null || Date.parse(iso) < ms ? new Date(ms).toISOString() : iso;
}

/** The later of two ISO times (null: never seen); ISO strings of one format compare as text. */
export function laterIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
