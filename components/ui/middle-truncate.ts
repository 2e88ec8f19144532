/**
 * Splits a name for cutting in the middle: names that differ only at their end (`payments-worker-1`,
 * `payments-worker-2`) stay told apart when the space runs out. The tail is kept whole; the head gives
 * way with an ellipsis.
 */
export function splitForMiddle(text: string, tailLength = 8): { head: string; tail: string } {
  const chars = Array.from(text);
  // a short name keeps at least its first half in the head, so the ellipsis never leads
  const keep = Math.min(tailLength, Math.floor(chars.length / 2));
  if (keep <= 0) return { head: text, tail: '' };
  return {
    head: chars.slice(0, chars.length - keep).join(''),
    tail: chars.slice(chars.length - keep).join(''),
  };
}
