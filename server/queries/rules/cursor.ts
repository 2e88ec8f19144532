/**
 * Opaque keyset cursors of a rule's alerts (newest first, then event id): base64url of
 * `["ra1", time with microseconds, eventId]`, validated like any other input. Browser-safe.
 */
import { fromBase64Url, toBase64Url } from '@/server/contracts/cursor';

const VERSION = 'ra1';
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export interface RuleAlertCursor {
  time: string;
  id: string;
}

export const encodeRuleAlertCursor = (cursor: RuleAlertCursor): string =>
  toBase64Url(JSON.stringify([VERSION, cursor.time, cursor.id]));

/** The cursor, or null when the text is not one this list issued. */
export function decodeRuleAlertCursor(text: string): RuleAlertCursor | null {
  if (text.length === 0 || text.length > 512) return null;
  const json = fromBase64Url(text);
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== VERSION) return null;
  const [, time, id] = value as unknown[];
  if (typeof time !== 'string' || typeof id !== 'string' || id === '') return null;
  if (!CURSOR_TIME.test(time) || Number.isNaN(Date.parse(time))) return null;
  return { time, id };
}
