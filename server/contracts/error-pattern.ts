/**
 * Error messages with their variable parts replaced (`pattern`): what the dead-letter fingerprint
 * (server/bus/fingerprint.ts) and the read models that group delivery errors both group by. Pure and
 * dependency-free, so that every layer that groups errors groups them the same way.
 */

const MAX_PATTERN = 500;

/** Variable parts of messages, most specific first (an ISO time contains numbers, a uuid hex digits). */
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, '<email>'],
  // quoted text, but not an apostrophe inside a word (`can't`)
  [/"[^"\n]*"|`[^`\n]*`|(?<!\w)'[^'\n]*'(?!\w)/g, '<str>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // hex ids: long runs of hex digits with at least one digit (not plain words such as `deadbeef`… nearly)
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\b\d+\b/g, '<n>'],
];

const PLACEHOLDER = /<(?:time|uuid|email|str|hex|n)>/;

/** The message with ids, numbers, uuids, quoted strings, emails and times replaced by placeholders. */
export function normaliseMessage(message: string): string {
  let text = message.trim();
  for (const [pattern, placeholder] of REPLACEMENTS) text = text.replace(pattern, placeholder);
  text = text.replace(/\s+/g, ' ');
  return text.length > MAX_PATTERN ? text.slice(0, MAX_PATTERN) : text;
}

/**
 * The longest run of a pattern between placeholders, trimmed and cut to `max` characters: text that
 * every message of the pattern contains (whitespace aside), for a search that matches raw messages.
 */
export function longestLiteral(pattern: string, max = 200): string {
  let best = '';
  for (const part of pattern.split(PLACEHOLDER)) {
    const literal = part.trim();
    if (literal.length > best.length) best = literal;
  }
  return best.slice(0, max).trim();
}
