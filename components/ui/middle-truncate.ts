/** Characters that separate the words of a name: the tail starts after one when it can. */
const SEPARATOR = /[-._:/@ ]/;

/**
 * Splits a name for cutting in the middle: names that differ only at their end (`payments-worker-1`,
 * `payments-worker-2`) stay told apart when the space runs out. The tail is kept whole, starting at a
 * word when one starts near the end (`lifecycle`, not `ifecycle`); the head gives way with an ellipsis.
 */
export function splitForMiddle(text: string, tailLength = 8): { head: string; tail: string } {
  const chars = Array.from(text);
  // a short name keeps at least its first half in the head, so the ellipsis never leads
  const most = Math.floor(chars.length / 2);
  let keep = Math.min(tailLength, most);
  if (keep <= 0) return { head: text, tail: '' };
  const longest = Math.min(chars.length - 3, tailLength + 4);
  for (let size = Math.max(3, tailLength - 3); size <= longest; size++) {
    if (SEPARATOR.test(chars[chars.length - size - 1] ?? '')) {
      keep = size;
      break;
    }
  }
  return {
    head: chars.slice(0, chars.length - keep).join(''),
    tail: chars.slice(chars.length - keep).join(''),
  };
}
