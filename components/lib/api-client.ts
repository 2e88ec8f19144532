import type { z } from 'zod';
import { ApiError } from '@/server/contracts/errors';
import { signInPath } from './next-path';

type ApiIssues = NonNullable<ApiError['error']['issues']>;

/**
 * A failed API call, with the server's error code when the body was the `ApiError` shape.
 * Client-side codes: `HTTP_<status>` (non-2xx without an ApiError body), `NETWORK_ERROR` (no response,
 * status 0) and `INVALID_RESPONSE` (a body that does not match the expected schema).
 */
export class ApiRequestError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues: ApiIssues | undefined;

  constructor(code: string, status: number, message: string, issues?: ApiIssues) {
    super(message);
    this.name = 'ApiRequestError';
    this.code = code;
    this.status = status;
    this.issues = issues;
  }
}

export interface ApiGetOptions {
  /** Non-2xx statuses whose body is still the expected schema, e.g. `[503]` for /api/health. */
  acceptStatuses?: readonly number[];
  signal?: AbortSignal;
}

/** GET a same-origin JSON endpoint and parse the body with `schema`; throws `ApiRequestError`. */
export async function apiGet<T>(path: string, schema: z.ZodType<T>, options: ApiGetOptions = {}): Promise<T> {
  const { acceptStatuses = [], signal } = options;
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store', signal });
  } catch (error) {
    if (signal?.aborted) throw error; // cancelled by React Query, not a failure
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiRequestError('NETWORK_ERROR', 0, `GET ${path} failed: ${reason}`);
  }

  if (response.status === 401) sendToSignIn();
  const body = await readJson(response);
  const accepted = response.ok || acceptStatuses.includes(response.status);
  const parsed = accepted ? schema.safeParse(body) : undefined;
  if (parsed?.success) return parsed.data;

  // Not the expected body: on a non-2xx status, prefer the server's own ApiError.
  const apiError = response.ok ? undefined : ApiError.safeParse(body);
  if (apiError?.success) {
    const { code, message, issues } = apiError.data.error;
    throw new ApiRequestError(code, response.status, message, issues);
  }
  if (!accepted) {
    const statusText = response.statusText ? ` ${response.statusText}` : '';
    throw new ApiRequestError(
      `HTTP_${response.status}`,
      response.status,
      `GET ${path} answered ${response.status}${statusText}`,
    );
  }
  const first = parsed?.error.issues[0];
  const where = first ? ` at ${first.path.join('.') || '(root)'}: ${first.message}` : '';
  throw new ApiRequestError(
    'INVALID_RESPONSE',
    response.status,
    `GET ${path} returned an unexpected body${where}`,
  );
}

/**
 * A 401 means the session ended (signed out elsewhere, revoked, expired): the browser goes to the
 * sign-in page and comes back here afterwards. The call still fails, so nothing renders stale data.
 */
export function sendToSignIn(): void {
  if (typeof window === 'undefined' || window.location.pathname === '/sign-in') return;
  window.location.assign(signInPath(window.location.pathname + window.location.search));
}

/** The body as JSON when it says it is JSON and parses; else undefined. */
export async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined; // an unparsable body is reported as HTTP_<status> or INVALID_RESPONSE by the caller
  }
}
