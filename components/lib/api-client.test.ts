import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiRequestError, apiGet } from './api-client';

const Thing = z.object({ name: z.string() });

/** A real HTTP server answering each path with a fixed status and body. */
const ANSWERS: Record<string, { status: number; body: string; type?: string }> = {
  '/ok': { status: 200, body: JSON.stringify({ name: 'a' }) },
  '/degraded': { status: 503, body: JSON.stringify({ name: 'still a thing' }) },
  '/missing': {
    status: 404,
    body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no such thing' } }),
  },
  '/context': {
    status: 503,
    body: JSON.stringify({ error: { code: 'CONTEXT_MISSING', message: 'start server/main.ts' } }),
  },
  '/html': { status: 502, body: '<html>bad gateway</html>', type: 'text/html' },
  '/wrong': { status: 200, body: JSON.stringify({ name: 42 }) },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = ANSWERS[req.url ?? ''] ?? { status: 500, body: '{}' };
    res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiRequestError);
  return error as ApiRequestError;
}

describe('apiGet', () => {
  it('parses a 2xx body with the schema', async () => {
    await expect(apiGet(`${base}/ok`, Thing)).resolves.toEqual({ name: 'a' });
  });

  it('returns the body of an accepted non-2xx status', async () => {
    await expect(apiGet(`${base}/degraded`, Thing, { acceptStatuses: [503] })).resolves.toEqual({
      name: 'still a thing',
    });
  });

  it('throws the server ApiError with its code and status', async () => {
    const error = await failure(apiGet(`${base}/missing`, Thing));
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: 'no such thing' });
  });

  it('prefers an ApiError over a schema failure on an accepted status', async () => {
    const error = await failure(apiGet(`${base}/context`, Thing, { acceptStatuses: [503] }));
    expect(error).toMatchObject({ code: 'CONTEXT_MISSING', status: 503 });
  });

  it('names the status when the body is not an ApiError', async () => {
    const error = await failure(apiGet(`${base}/html`, Thing));
    expect(error).toMatchObject({ code: 'HTTP_502', status: 502 });
  });

  it('reports a body that does not match the schema', async () => {
    const error = await failure(apiGet(`${base}/wrong`, Thing));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toContain('name');
  });

  it('reports an unreachable server as a network error', async () => {
    const error = await failure(apiGet('http://127.0.0.1:1/nothing', Thing));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });
});
