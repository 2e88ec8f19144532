/**
 * The EventLens server's API for commands that change state (`dlq replay|discard`): they go through
 * the server so that they are authorised and audited. EVENTLENS_URL and EVENTLENS_TOKEN say where and
 * as whom; the token is never printed, not even in an error.
 */
import type { z } from 'zod';
import { ApiError } from '@/server/contracts/errors';
import { CliError, EXIT, UsageError } from './errors';

export const API_TIMEOUT_MS = 15_000;

export interface ApiTarget {
  /** The server's origin and base path, without a trailing slash. */
  url: string;
  token: string;
}

const TOKEN = /^elt_[A-Za-z0-9_-]{43}$/;

const MISSING =
  'needs the EventLens server: set EVENTLENS_URL (e.g. http://127.0.0.1:3000) and EVENTLENS_TOKEN (an API token from Settings > API tokens)';

/** EVENTLENS_URL and EVENTLENS_TOKEN, or a one-line usage error (exit 2) saying what to set. */
export function apiTarget(
  command: string,
  source: Record<string, string | undefined> = process.env,
): ApiTarget {
  const rawUrl = source.EVENTLENS_URL?.trim() ?? '';
  const token = source.EVENTLENS_TOKEN?.trim() ?? '';
  if (!rawUrl || !token) {
    const unset = [!rawUrl && 'EVENTLENS_URL', !token && 'EVENTLENS_TOKEN'].filter(Boolean).join(' and ');
    throw new UsageError(`${command} ${MISSING}; ${unset} ${unset.includes(' and ') ? 'are' : 'is'} unset`);
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UsageError(`invalid EVENTLENS_URL=${JSON.stringify(rawUrl)}: expected an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid EVENTLENS_URL=${JSON.stringify(rawUrl)}: expected an http(s) URL`);
  }
  if (url.username || url.password) {
    throw new UsageError('invalid EVENTLENS_URL: put the token in EVENTLENS_TOKEN, not in the URL');
  }
  // the value is a secret: say what is wrong with it without echoing it
  if (!TOKEN.test(token))
    throw new UsageError('invalid EVENTLENS_TOKEN: expected an API token (elt_ and 43 characters)');
  return { url: url.toString().replace(/\/+$/, ''), token };
}

export class ServerUnreachableError extends CliError {
  constructor(url: string, reason: string) {
    super(`EventLens server unreachable at ${url}: ${reason}`, EXIT.unreachable);
    this.name = 'ServerUnreachableError';
  }
}

/** An answer other than 2xx: the server's own one-line message, exit 1. */
export class ApiCallError extends CliError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message, EXIT.failed);
    this.name = 'ApiCallError';
  }
}

const HINT: Record<number, string> = {
  401: ' (is EVENTLENS_TOKEN revoked or expired?)',
};

/** POSTs to `path` and parses the answer with `schema`; errors become one-line CliErrors. */
export async function postApi<T>(target: ApiTarget, path: string, schema: z.ZodType<T>): Promise<T> {
  return callApi(target, 'POST', path, schema);
}

/** Calls `path` (with a JSON body when given) and parses the answer with `schema`; errors become one-line CliErrors. */
export async function callApi<T>(
  target: ApiTarget,
  method: 'GET' | 'POST',
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ServerUnreachableError(target.url, reasonOf(error));
  }
  const text = await response.text();
  let answer: unknown = null;
  try {
    answer = JSON.parse(text) as unknown;
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  if (!response.ok) {
    const error = ApiError.safeParse(answer);
    const message = error.success ? error.data.error.message : `HTTP ${response.status}`;
    throw new ApiCallError(response.status, `${message}${HINT[response.status] ?? ''}`);
  }
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new ApiCallError(response.status, `unexpected answer from ${target.url}${path}`);
  return parsed.data;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `no answer within ${API_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
