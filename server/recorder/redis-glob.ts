/**
 * A Redis glob (what SCAN MATCH takes: `*`, `?`, `[abc]`, `[^a-z]`, `\` escapes) as a test for keys the
 * recorder hears about from keyspace notifications, so that a notified key is kept exactly when the
 * periodic SCAN would have found it. Patterns of literals and `*` use the bus's matcher; the others are
 * matched the same way, part by part between the stars, never backtracking over a star: every part has a
 * fixed length, so its leftmost occurrence leaves the most room for the parts after it.
 */
import { compileGlob, type GlobTest } from '@/server/bus/glob';

type Atom =
  | { kind: 'char'; char: string }
  | { kind: 'any' }
  | { kind: 'class'; negate: boolean; chars: string; ranges: [string, string][] };

export function compileRedisGlob(pattern: string): GlobTest {
  if (!/[?[\\]/.test(pattern)) return compileGlob(pattern);
  const parts = parse(pattern);
  if (parts.length === 1) {
    const only = parts[0]!;
    return (value) => value.length === only.length && matchesAt(only, value, 0);
  }
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((part) => part.length > 0);
  return (value) => {
    if (value.length < head.length + tail.length) return false;
    const end = value.length - tail.length;
    if (!matchesAt(head, value, 0) || !matchesAt(tail, value, end)) return false;
    let from = head.length;
    for (const part of middle) {
      let at = from;
      while (at + part.length <= end && !matchesAt(part, value, at)) at++;
      if (at + part.length > end) return false;
      from = at + part.length;
    }
    return true;
  };
}

function matchesAt(part: readonly Atom[], value: string, at: number): boolean {
  for (let i = 0; i < part.length; i++) {
    if (!atomMatches(part[i]!, value[at + i]!)) return false;
  }
  return true;
}

function atomMatches(atom: Atom, char: string): boolean {
  if (atom.kind === 'any') return true;
  if (atom.kind === 'char') return atom.char === char;
  const inside = atom.chars.includes(char) || atom.ranges.some(([lo, hi]) => char >= lo && char <= hi);
  return inside !== atom.negate;
}

/** The pattern split on its unescaped stars, each part a run of single-character atoms. */
function parse(pattern: string): Atom[][] {
  const parts: Atom[][] = [[]];
  let current = parts[0]!;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      current = [];
      parts.push(current);
    } else if (c === '?') {
      current.push({ kind: 'any' });
    } else if (c === '\\' && i + 1 < pattern.length) {
      current.push({ kind: 'char', char: pattern[++i]! });
    } else if (c === '[') {
      const atom: Atom & { kind: 'class' } = { kind: 'class', negate: false, chars: '', ranges: [] };
      i++;
      if (pattern[i] === '^') {
        atom.negate = true;
        i++;
      }
      // as Redis does: a class left open runs to the end of the pattern
      for (; i < pattern.length && pattern[i] !== ']'; i++) {
        if (pattern[i] === '\\' && i + 1 < pattern.length) {
          atom.chars += pattern[++i]!;
        } else if (pattern[i + 1] === '-' && i + 2 < pattern.length) {
          const [a, b] = [pattern[i]!, pattern[i + 2]!];
          atom.ranges.push(a <= b ? [a, b] : [b, a]);
          i += 2;
        } else {
          atom.chars += pattern[i]!;
        }
      }
      current.push(atom);
    } else {
      current.push({ kind: 'char', char: c });
    }
  }
  return parts;
}
