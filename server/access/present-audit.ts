import { MASK, maskCredentials } from './mask';

/** Parameter names whose values never reach the audit log, whoever asks. */
const SECRET_NAME = /pass(word)?|secret|token|authorization|cookie|api[-_]?key/i;

/**
 * An action's parameters as the audit log keeps them: secrets by name replaced, credentials in URLs
 * and strings masked, nesting kept. Payload fields are masked for the caller before they get here.
 */
export function presentAuditParameters(parameters: Record<string, unknown>): Record<string, unknown> {
  return maskObject(parameters, 0) as Record<string, unknown>;
}

const MAX_DEPTH = 8;

function maskObject(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskCredentials(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) return value.map((item) => maskObject(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_NAME.test(key) ? MASK : maskObject(inner, depth + 1),
    ]),
  );
}
