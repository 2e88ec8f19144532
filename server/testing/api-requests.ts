/** Route handlers called the way Next calls them, and the API's response shapes checked in one place. */
import { expect } from 'vitest';
import { ApiError } from '@/server/contracts/errors';

export type RouteHandler = (request: Request) => Promise<Response>;

let defaultCredentials: Record<string, string> = {};

/** The headers every request built here carries (the test context sets a real admin token). */
export function setDefaultCredentials(headers: Record<string, string>): void {
  defaultCredentials = headers;
}

/** A request as a route handler receives it, with the default credentials unless `headers` replace them. */
export function request(path: string, init: RequestInit = {}): Request {
  return new Request(`http://x${path}`, {
    ...init,
    headers: { ...defaultCredentials, ...(init.headers as Record<string, string> | undefined) },
  });
}

/** The host is never read: handlers see only the path and query. */
export function get(
  handler: RouteHandler,
  path: string,
  headers?: Record<string, string>,
): Promise<Response> {
  return handler(request(path, headers ? { headers } : {}));
}

export async function json(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  return response.json();
}

export async function expectBadRequest(response: Response, path: string, message: RegExp): Promise<void> {
  expect(response.status).toBe(400);
  const body = ApiError.parse(await json(response));
  expect(body.error.code).toBe('BAD_REQUEST');
  expect(body.error.issues).toEqual(
    expect.arrayContaining([{ path, message: expect.stringMatching(message) }]),
  );
  // the top-line message names the first problem, prefixed with where it is
  expect(body.error.message.startsWith('query')).toBe(true);
}
