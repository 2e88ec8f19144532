/**
 * The route builder's strict input reading, on a route declared here with a query, a path parameter
 * and a body (app/api has no body route yet; app/api/input-crawl.test.ts crawls the real ones).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '@/server/contracts/errors';
import { request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { MAX_BODY_BYTES, parseQuery, textProblem } from './input';
import { requestTargetProblems } from './request-target';
import { route } from './route';

const POST = route(
  {
    auth: 'metadata:read',
    query: z.strictObject({ mode: z.enum(['a', 'b']).optional(), tag: z.array(z.string()).optional() }),
    params: z.object({ id: z.string().max(20) }),
    body: z.object({ name: z.string().max(100), note: z.string().optional() }),
  },
  async ({ query, params, body }) => ({ query, params, body }),
);

const post = (body: BodyInit, { id = 'r1', query = '' } = {}) =>
  POST(request(`/api/things/${id}${query}`, { method: 'POST', body }), {
    params: Promise.resolve({ id }),
  });

async function issues(response: Response): Promise<{ status: number; paths: string[]; message: string }> {
  const body = ApiError.parse(await response.json());
  return {
    status: response.status,
    paths: body.error.issues?.map((i) => i.path) ?? [],
    message: body.error.message,
  };
}

describe('route(): strict input', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext('pglite', 'route');
  });
  afterAll(() => ctx.cleanup());

  it('passes good input through, keeping tab and newline in body text', async () => {
    const response = await post(JSON.stringify({ name: 'n', note: 'a\tb\nc' }), { query: '?mode=a' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      query: { mode: 'a' },
      params: { id: 'r1' },
      body: { name: 'n', note: 'a\tb\nc' },
    });
  });

  it('refuses bodies that are not UTF-8, not JSON, or carry NUL or lone surrogates, naming the field', async () => {
    expect(await issues(await post(new Uint8Array([0x7b, 0x22, 0xc3, 0x22, 0x7d])))).toMatchObject({
      status: 400,
      paths: ['body'],
      message: 'body: not valid UTF-8',
    });
    expect(await issues(await post('{"name":'))).toMatchObject({ status: 400, paths: ['body'] });
    expect(await issues(await post('{"name":"a\\u0000b"}'))).toMatchObject({
      status: 400,
      paths: ['body.name'],
      message: expect.stringMatching(/^body\.name: must not contain control characters \(U\+0000/),
    });
    expect(await issues(await post('{"name":"x","note":"\\ud800"}'))).toMatchObject({
      status: 400,
      paths: ['body.note'],
      message: expect.stringContaining('lone surrogate U+D800'),
    });
    expect(await issues(await post('{"name":"x","a\\u0001":1}'))).toMatchObject({
      paths: ['body.a\\u0001'],
    });
    expect(await issues(await post(`${'['.repeat(5_000)}${']'.repeat(5_000)}`))).toMatchObject({
      status: 400,
      message: expect.stringContaining('nested deeper than'),
    });
  });

  it('refuses a body over the limit with 413, unread', async () => {
    const response = await post(JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(await issues(response)).toMatchObject({ status: 413, paths: ['body'] });
  });

  it('refuses broken query text and path parameters, naming them', async () => {
    expect(await issues(await post('{}', { query: '?mode=%zz&tag=%E2%82' }))).toMatchObject({
      status: 400,
      paths: ['query.mode', 'query.tag'],
    });
    expect(await issues(await post('{"name":"n"}', { id: 'a\u001fb' }))).toMatchObject({
      status: 400,
      paths: ['params.id'],
    });
  });
});

describe('input.ts', () => {
  it('decodes the query strictly: + is a space, repeated keys are arrays', () => {
    expect(parseQuery('?a=1+2&b=x&b=y&c&d=%C3%A9')).toEqual({
      ok: true,
      value: { a: '1 2', b: ['x', 'y'], c: '', d: 'é' },
    });
    for (const bad of ['%', '%zz', '%E2%82', '%ED%A0%80', '%C0%AE', '%FF']) {
      expect(parseQuery(`?a=${bad}`)).toMatchObject({ ok: false, issues: [{ path: 'query.a' }] });
    }
  });

  it('names the character it refuses', () => {
    expect(textProblem('ab\u007f')).toBe('must not contain control characters (U+007F at character 3)');
    expect(textProblem('a\nb')).toMatch(/U\+000A/);
    expect(textProblem('a\nb', true)).toBeNull();
    expect(textProblem('\ud83d\udca9 ok')).toBeNull();
    expect(textProblem('x\udca9')).toMatch(/lone surrogate U\+DCA9 at character 2/);
  });

  it('finds what Next would hide: undecodable path segments, and broken API query text', () => {
    expect(requestTargetProblems('/api/events/a%2Fb?topic=a+b%2Bc')).toBeNull();
    for (const bad of ['%', '%zz', '%ED%A0%80', 'a%C0%AE']) {
      expect(requestTargetProblems(`/api/events/${bad}?q=1`)).toEqual([
        { path: 'path', message: expect.stringContaining(JSON.stringify(bad)) },
      ]);
    }
    expect(requestTargetProblems('/api/events?topic=ok&source=%zz&type=%ED%A0%80')).toEqual([
      { path: 'query.source', message: expect.stringContaining('percent-encoding') },
      { path: 'query.type', message: expect.stringContaining('percent-encoding') },
    ]);
    // pages read their query leniently (Next does); only the API is strict
    expect(requestTargetProblems('/events?q=%zz')).toBeNull();
  });
});
