import { cutHead } from '@/server/contracts/payload';

/**
 * The preview of a decoded value as the tail sends it: the same text as cutting `JSON.stringify(value)`
 * to `budget` bytes (contracts/payload.ts), built without serialising more than the budget needs, so a
 * 50 MB `data` costs a preview's worth of work, not another 50 MB string. For JSON-parsed values.
 */
export function jsonHead(value: unknown, budget: number): { text: string; truncated: boolean } {
  const limit = Math.floor(budget) + 1; // cutHead wants one character past the budget to see "more"
  const parts: string[] = [];
  let length = 0;
  const full = (): boolean => length >= limit;
  const push = (text: string): void => {
    parts.push(text);
    length += text.length;
  };
  const write = (item: unknown): void => {
    if (full()) return;
    if (typeof item === 'string') {
      // each character takes at least one in the output, so `limit` of them reach past the budget
      push(JSON.stringify(item.length > limit ? item.slice(0, limit) : item));
    } else if (Array.isArray(item)) {
      push('[');
      for (let i = 0; i < item.length && !full(); i++) {
        if (i > 0) push(',');
        const element: unknown = item[i];
        write(element === undefined || typeof element === 'function' ? null : element);
      }
      push(']');
    } else if (item !== null && typeof item === 'object' && !('toJSON' in item)) {
      push('{');
      let first = true;
      // for-in, not Object.entries: an object with a million keys must not cost a million-entry array
      for (const key in item) {
        if (full()) break;
        if (!Object.hasOwn(item, key)) continue;
        const member: unknown = (item as Record<string, unknown>)[key];
        if (member === undefined || typeof member === 'function') continue;
        push(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        write(member);
      }
      push('}');
    } else {
      push(JSON.stringify(item) ?? 'null');
    }
  };
  write(value);
  return cutHead(parts.join(''), budget);
}
