import type { z } from 'zod';
import { ApiError } from '@/server/contracts/errors';
import { ApiRequestError, readJson, sendToSignIn } from './api-client';

/**
 * The one sender for mutating JSON calls (POST, PATCH, DELETE), parsed with `schema` (none for 204 or
 * an answer nobody reads); throws ApiRequestError with the server's code and message and sends an ended
 * session to sign-in, as apiGet does for reads.
 */
export async function apiSend<T>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  schema: z.ZodType<T> | null,
): Promise<T | null> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiRequestError('NETWORK_ERROR', 0, `${method} ${path} failed: ${reason}`);
  }
  if (response.status === 401) sendToSignIn();
  const parsedBody = await readJson(response);
  if (!response.ok) {
    const apiError = ApiError.safeParse(parsedBody);
    if (apiError.success) {
      const { code, message, issues } = apiError.data.error;
      throw new ApiRequestError(code, response.status, message, issues);
    }
    throw new ApiRequestError(
      `HTTP_${response.status}`,
      response.status,
      `${method} ${path} answered ${response.status}`,
    );
  }
  if (!schema) return null;
  const parsed = schema.safeParse(parsedBody);
  if (!parsed.success) {
    throw new ApiRequestError(
      'INVALID_RESPONSE',
      response.status,
      `${method} ${path} returned an unexpected body`,
    );
  }
  return parsed.data;
}
