/**
 * A same-origin JSON POST to the console's auth endpoints (better-auth under /api/auth, setup, sessions)
 * that never throws: the outcome is a value the form can show. Rate-limited answers carry their wait.
 */
export type AuthOutcome =
  | { ok: true; body: unknown }
  | { ok: false; status: number; code: string; message: string; retryAfterSec?: number };

export async function authPost(path: string, body: unknown = {}, method = 'POST'): Promise<AuthOutcome> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, status: 0, code: 'NETWORK_ERROR', message: 'The EventLens server did not answer.' };
  }
  const parsed = await readBody(response);
  if (response.ok) return { ok: true, body: parsed };
  const { code, message } = errorOf(parsed);
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    ok: false,
    status: response.status,
    code: code ?? `HTTP_${response.status}`,
    message: message ?? `The server answered ${response.status}.`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSec: Math.ceil(retryAfter) } : {}),
  };
}

async function readBody(response: Response): Promise<unknown> {
  try {
    return (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : undefined;
  } catch {
    return undefined; // an unreadable body: the status alone explains the failure
  }
}

/** better-auth answers `{code, message}`; the console's routes answer `{error: {code, message}}`. */
function errorOf(body: unknown): { code?: string; message?: string } {
  if (!body || typeof body !== 'object') return {};
  const outer = body as { code?: unknown; message?: unknown; error?: unknown };
  const inner = (outer.error && typeof outer.error === 'object' ? outer.error : outer) as {
    code?: unknown;
    message?: unknown;
  };
  return {
    ...(typeof inner.code === 'string' ? { code: inner.code } : {}),
    ...(typeof inner.message === 'string' ? { message: inner.message } : {}),
  };
}
