/**
 * The real reason a store call failed. drizzle wraps the driver's error as "Failed query: <sql> params:
 * <values>", which hides the cause behind the statement (and shows the values); the driver's error,
 * its `cause`, is what happened.
 */

/** The driver's error under drizzle's wrapper(s); anything else as it is. */
export function unwrapQueryError(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.message.startsWith('Failed query:') && current.cause) {
    current = current.cause;
  }
  return current;
}

/** One line saying why the store call failed. */
export function storeCause(error: unknown): string {
  const cause = unwrapQueryError(error);
  if (!(cause instanceof Error)) return String(cause);
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    const parts = [...new Set(cause.errors.map(storeCause).filter((m) => m !== ''))];
    if (parts.length > 0) return parts.join('; ');
  }
  if (cause.message !== '') return cause.message;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause.name;
}

/** Socket errors, postgres.js' connection codes, and SQLSTATE classes 08 (connection) and 57P (shutdown). */
const UNREACHABLE_CODES =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|CONNECT_TIMEOUT|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|08\w{3}|57P0[1-3])$/;

/** Whether the error says the store could not be reached (rather than that it refused a statement). */
export function isStoreUnreachable(error: unknown): boolean {
  const cause = unwrapQueryError(error);
  if (!(cause instanceof Error)) return false;
  if (cause instanceof AggregateError) return cause.errors.some(isStoreUnreachable);
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && UNREACHABLE_CODES.test(code);
}
