import type { ZodError } from 'zod';
import { isStoreUnreachable, storeCause } from '@/db/store-cause';
import { maskCredentials } from '@/server/access/mask';
import type { ApiError } from '@/server/contracts/errors';

/** An error that knows its HTTP status; services throw their own named errors, mapped in STATUS_BY_CODE. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Sent as Retry-After (seconds) with a 429 or 503. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Too many of something at once (a concurrency gate is full): come back after `retryAfterS`. */
export class TooManyRequestsError extends HttpError {
  constructor(message: string, retryAfterS: number) {
    super(429, 'TOO_MANY_REQUESTS', message, retryAfterS);
    this.name = 'TooManyRequestsError';
  }
}

/** Error codes from services and queries, mapped to a status once, here. */
const STATUS_BY_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  CONFLICT: 409,
  WRONG_TYPE: 409,
  /** A saga action its instance's status does not allow, or an instance that kept changing. */
  SAGA_STATE: 409,
  SAGA_CONFLICT: 409,
  CONTEXT_MISSING: 503,
  UNAVAILABLE: 503,
  BUS_UNAVAILABLE: 503,
};

export function badRequest(error: ZodError, where: 'query' | 'params' | 'body'): Response {
  return invalidInput(
    error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
    where,
  );
}

/** A 400 listing every problem; the top line names the first, prefixed with its field. */
export function invalidInput(issues: ApiIssue[], where: string, tooLarge = false): Response {
  const first = issues[0];
  return errorResponse(
    tooLarge ? 413 : 400,
    tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
    first ? `${first.path}: ${first.message}` : `invalid ${where}`,
    issues,
  );
}

export function errorToResponse(error: unknown): { response: Response; unexpected: boolean } {
  if (error instanceof HttpError) {
    const response = errorResponse(error.status, error.code, error.message);
    if (error.retryAfterS !== undefined) response.headers.set('retry-after', String(error.retryAfterS));
    return { response, unexpected: false };
  }
  if (isStoreUnreachable(error)) {
    // drizzle's "Failed query: …" hides the driver's error: say what happened, not the statement
    const message = `the store is unreachable: ${maskCredentials(storeCause(error))}`;
    return { response: errorResponse(503, 'STORE_UNAVAILABLE', message), unexpected: false };
  }
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  const status = code ? STATUS_BY_CODE[code] : undefined;
  if (code && status && error instanceof Error) {
    return { response: errorResponse(status, code, error.message), unexpected: false };
  }
  return { response: errorResponse(500, 'INTERNAL', 'internal error; see the server log'), unexpected: true };
}

type ApiIssue = NonNullable<ApiError['error']['issues']>[number];

export function errorBody(code: string, message: string, issues?: ApiIssue[]): ApiError {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

export function errorResponse(status: number, code: string, message: string, issues?: ApiIssue[]): Response {
  return Response.json(errorBody(code, message, issues), {
    status,
    headers: { 'cache-control': 'no-store' },
  });
}
