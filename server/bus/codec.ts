import { Envelope, SENSITIVITIES, TRACEPARENT } from '@/server/contracts/envelope';
import { DecodeError, InvalidEnvelopeError, UnencodableEventError } from './errors';

/** The one stream field an SDK entry has (CloudEvents structured mode). */
export const EVENT_FIELD = 'event';

export type Decoded =
  | { ok: true; envelope: Envelope; fields: Record<string, string> }
  | {
      ok: false;
      reason: string;
      fields: Record<string, string>;
      /** JSON that is not an envelope: every missing or invalid attribute. Null when it is not JSON at all. */
      invalid: string[] | null;
    };

/** ioredis returns an entry's fields as a flat [k, v, k, v] list. */
export function fieldsToObject(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

/** Bytes an entry's fields take as written (keys and values, UTF-8): the size the console shows. */
export function fieldsBytes(fields: Record<string, string>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(fields))
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  return bytes;
}

/**
 * Decodes and validates an entry; failures are values with reasons (they become dead letters).
 * Valid envelopes pass `isEnvelope`, a hand-written mirror of the zod schema (measured: zod costs
 * 1.9 us of a consumed event's ~13); anything it rejects goes through zod, which is the authority
 * and explains why. `envelope-check.test.ts` keeps the two in agreement.
 */
export function decodeEntry(flat: readonly string[]): Decoded {
  const fields = flat.length === 2 && flat[0] === EVENT_FIELD ? { event: flat[1]! } : fieldsToObject(flat);
  const raw = fields[EVENT_FIELD];
  if (raw === undefined) {
    return {
      ok: false,
      reason: `no "${EVENT_FIELD}" field (fields: ${Object.keys(fields).join(', ') || 'none'})`,
      fields,
      invalid: null,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return {
      ok: false,
      reason: `"${EVENT_FIELD}" is not JSON: ${(error as Error).message}`,
      fields,
      invalid: null,
    };
  }
  if (isEnvelope(json)) return { ok: true, envelope: json, fields };
  const parsed = Envelope.safeParse(json);
  if (parsed.success) return { ok: true, envelope: parsed.data, fields };
  return { ok: false, fields, ...envelopeProblems(json, parsed.error.issues) };
}

/** Every attribute zod refused, the missing ones apart: an operator fixes them all at once. */
function envelopeProblems(
  json: unknown,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): { reason: string; invalid: string[] } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    const got = json === null ? 'null' : Array.isArray(json) ? 'an array' : `a ${typeof json}`;
    return { reason: `not a CloudEvents envelope: expected a JSON object, got ${got}`, invalid: ['(root)'] };
  }
  const attributes = json as Record<string, unknown>;
  const missing: string[] = [];
  const wrong: { path: string; message: string }[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.path.length === 1 && attributes[path] === undefined) missing.push(path);
    else wrong.push({ path, message: issue.message });
  }
  const parts = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    wrong.length > 0 ? `invalid ${wrong.map((w) => `${w.path} (${w.message})`).join(', ')}` : '',
  ].filter((part) => part !== '');
  return {
    reason: `not a CloudEvents envelope: ${parts.join('; ') || 'invalid'}`,
    invalid: [...missing, ...wrong.map((w) => w.path)],
  };
}

/** The error a consumer fails an undecodable entry with: InvalidEnvelopeError for JSON that is not an envelope. */
export function decodeFailure(decoded: Extract<Decoded, { ok: false }>): DecodeError | InvalidEnvelopeError {
  return decoded.invalid
    ? new InvalidEnvelopeError(decoded.reason, decoded.invalid)
    : new DecodeError(decoded.reason);
}

const isNonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const optionalNonEmpty = (v: unknown): boolean => v === undefined || isNonEmpty(v);

/** True only for values the zod `Envelope` schema accepts unchanged. */
export function isEnvelope(value: unknown): value is Envelope {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  return (
    e.specversion === '1.0' &&
    isNonEmpty(e.id) &&
    isNonEmpty(e.source) &&
    isNonEmpty(e.type) &&
    optionalNonEmpty(e.time) &&
    optionalNonEmpty(e.subject) &&
    optionalNonEmpty(e.datacontenttype) &&
    optionalNonEmpty(e.dataschema) &&
    (e.data_base64 === undefined || typeof e.data_base64 === 'string') &&
    optionalNonEmpty(e.correlationid) &&
    optionalNonEmpty(e.causationid) &&
    optionalNonEmpty(e.sequence) &&
    (e.traceparent === undefined || (typeof e.traceparent === 'string' && TRACEPARENT.test(e.traceparent))) &&
    (e.dataversion === undefined || (Number.isInteger(e.dataversion) && (e.dataversion as number) > 0)) &&
    (e.sensitivity === undefined || (SENSITIVITIES as readonly unknown[]).includes(e.sensitivity)) &&
    optionalNonEmpty(e.tenantid) &&
    optionalNonEmpty(e.replyto)
  );
}

/**
 * The envelope as JSON; UnencodableEventError when it has none. No depth walk on this hot path: the
 * encoder's own failure (a RangeError past a few thousand levels) is the guard.
 */
export function encodeEnvelope(envelope: Envelope): string {
  try {
    return JSON.stringify(envelope);
  } catch (error) {
    const reason =
      error instanceof RangeError ? 'its data nests too deeply' : (error as Error).message || String(error);
    throw new UnencodableEventError(reason, { cause: error });
  }
}
