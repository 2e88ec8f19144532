/**
 * The one matcher for `*` patterns (topic patterns of subscriptions and tails, type and source filters):
 * `*` matches any run of characters, none included; every other character matches itself. Patterns
 * come from users, so matching never backtracks: the pattern is split on `*`, its first and last parts
 * are anchored at the ends of the value, and the parts between are found left to right (the leftmost
 * occurrence leaves the most room for the rest). A match costs at most one scan of the value per part.
 */

export type GlobTest = (value: string) => boolean;

export const isGlob = (pattern: string): boolean => pattern.includes('*');

/** A test for one pattern, built once and reused for every value. */
export function compileGlob(pattern: string): GlobTest {
  const parts = pattern.split('*');
  if (parts.length === 1) return (value) => value === pattern;
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((part) => part !== '');
  const fixed = head.length + tail.length;
  if (fixed === 0 && middle.length === 0) return () => true;
  return (value) => {
    // head and tail may not overlap: "ab*ba" does not match "aba"
    if (value.length < fixed || !value.startsWith(head) || !value.endsWith(tail)) return false;
    const end = value.length - tail.length;
    let from = head.length;
    for (const part of middle) {
      const at = value.indexOf(part, from);
      if (at < 0 || at + part.length > end) return false;
      from = at + part.length;
    }
    return true;
  };
}

export function matchesGlob(pattern: string, value: string): boolean {
  return compileGlob(pattern)(value);
}
