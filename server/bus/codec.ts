import { Envelope } from '@/server/contracts/envelope';

/** The one stream field an SDK entry has (CloudEvents structured mode). */
export const EVENT_FIELD = 'event';

export type Decoded =
  | { ok: true; envelope: Envelope; fields: Record<string, string> }
  | { ok: false; reason: string; fields: Record<string, string> };

/** ioredis returns an entry's fields as a flat [k, v, k, v] list. */
export function fieldsToObject(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

/** Decodes and validates an entry; failures are values with reasons (they become dead letters). */
export function decodeEntry(flat: readonly string[]): Decoded {
  const fields = fieldsToObject(flat);
  const raw = fields[EVENT_FIELD];
  if (raw === undefined) {
    return {
      ok: false,
      reason: `no "${EVENT_FIELD}" field (fields: ${Object.keys(fields).join(', ') || 'none'})`,
      fields,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: `"${EVENT_FIELD}" is not JSON: ${(error as Error).message}`, fields };
  }
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `not a CloudEvents envelope: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      fields,
    };
  }
  return { ok: true, envelope: parsed.data, fields };
}

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}
