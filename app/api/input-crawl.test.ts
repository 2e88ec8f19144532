/**
 * Every route handler under app/api (found by reading the directory, so a new route is covered without
 * touching this file) gets bad input in each place it reads input: broken percent-encoding, NUL and
 * other control characters, bytes that are not UTF-8, lone surrogates, overlong values, repeated keys,
 * wrong types, and bad JSON bodies where a route takes a body. None may answer 500; every refusal is a
 * JSON error naming the field. Handlers run over a real Postgres test database and a real Redis prefix.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '@/server/contracts/errors';
import { request as buildRequest } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';

const API_DIR = fileURLToPath(new URL('.', import.meta.url));
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Handler = ((
  request: Request,
  next?: { params: Promise<Record<string, string>> },
) => Promise<Response>) & {
  spec?: { query?: z.ZodType; params?: z.ZodType; body?: z.ZodType };
};

interface RouteUnderTest {
  /** `/api/events/[id]` */
  path: string;
  file: string;
  params: string[];
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/**
 * better-auth's catch-all serves sign-in and sessions with its own input handling: it is crawled by
 * server/auth's tests, not here, and it is the one handler not built with route().
 */
const OWN_HANDLERS = ['/api/auth/[...all]'];

const routes: RouteUnderTest[] = routeFiles(API_DIR).flatMap((file) => {
  const segments = relative(API_DIR, file).split(sep).slice(0, -1);
  const path = `/api/${segments.join('/')}`.replace(/\/$/, '');
  if (OWN_HANDLERS.includes(path)) return [];
  return [{ path, file, params: segments.flatMap((s) => /^\[(\w+)\]$/.exec(s)?.[1] ?? []) }];
});

/** The route module's exported method handlers. */
async function handlersOf(route: RouteUnderTest): Promise<Map<string, Handler>> {
  const exported = (await import(route.file)) as Record<string, unknown>;
  return new Map(
    METHODS.flatMap((method) =>
      typeof exported[method] === 'function' ? [[method, exported[method] as Handler] as const] : [],
    ),
  );
}

/** Keys a query schema declares (through transforms and defaults). */
function declaredKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return declaredKeys(schema.in as z.ZodType);
  return [];
}

/** Raw query text, not re-encoded: the point is to send what a client could. */
const ALWAYS_BAD_VALUES = ['%00', 'a%00b', '%', '%zz', 'x%2', '%ED%A0%80', '%C0%AE', '%FF', '%1B', '%7F'];
const MAYBE_BAD_VALUES = ['', '%20', 'abc', '-1', '1e999', 'null', '%5B%5D', '%7B%7D', '%F0%9F%92%A9', '0'];
const OVERLONG = 'a'.repeat(5_000);

describe('API input crawl: every route, bad input everywhere, never a 500', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-crawl');
  });
  afterAll(() => ctx.cleanup());

  it('finds the routes', () => {
    expect(routes.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/events', '/api/events/[id]', '/api/health']),
    );
  });

  async function call(
    route: RouteUnderTest,
    method: string,
    init: { query?: string; params?: Record<string, string>; body?: BodyInit },
  ) {
    const handler = (await handlersOf(route)).get(method)!;
    const params = Object.fromEntries(
      route.params.map((name) => [name, init.params?.[name] ?? validParam(handler.spec?.params, name)]),
    );
    const path = route.path.replace(/\[(\w+)\]/g, (_, name: string) => encodePathValue(params[name]!));
    const request = buildRequest(`${path}${init.query === undefined ? '' : `?${init.query}`}`, {
      method,
      ...(init.body === undefined
        ? {}
        : { body: init.body, headers: { 'content-type': 'application/json' } }),
    });
    const response = await handler(request, { params: Promise.resolve(params) });
    expect(
      response.status,
      `${method} ${path}?${init.query ?? ''}: ${ctx.logged.at(-1)?.message ?? ''}`,
    ).not.toBe(500);
    return { response, label: `${method} ${route.path} ${init.query ?? ''}` };
  }

  async function expectNamed(response: Response, field: string, label: string, status = 400): Promise<void> {
    expect(response.status, label).toBe(status);
    expect(response.headers.get('content-type'), label).toMatch(/application\/json/);
    const body = ApiError.parse(await response.json());
    const paths = body.error.issues?.map((i) => i.path) ?? [];
    expect(
      paths.some((p) => p === field || p.startsWith(`${field}.`)),
      `${label}: ${JSON.stringify(body)}`,
    ).toBe(true);
    expect(body.error.message.startsWith(field.split('.')[0]!), label).toBe(true);
  }

  /** A value that may be fine: any answer but a 500; a 400 names a field in the same place. */
  async function expectNoServerError(response: Response, where: string, label: string): Promise<void> {
    if (response.status < 400) return void (await response.body?.cancel());
    if (response.status === 400) return expectNamed(response, where, label);
    expect(response.headers.get('content-type'), label).toMatch(/application\/json/);
    ApiError.parse(await response.json());
  }

  for (const route of routes) {
    describe(route.path, () => {
      it('is built with route() for every method it exports', async () => {
        const handlers = await handlersOf(route);
        expect(handlers.size).toBeGreaterThan(0);
        for (const [method, handler] of handlers) expect(handler.spec, method).toBeDefined();
      });

      it('refuses bad query text, in declared and unknown parameters, naming the parameter', async () => {
        for (const [method, handler] of await handlersOf(route)) {
          const keys = [...declaredKeys(handler.spec?.query), 'x'];
          for (const key of keys) {
            const name = encodeURIComponent(key);
            for (const value of ALWAYS_BAD_VALUES) {
              const { response, label } = await call(route, method, { query: `${name}=${value}` });
              await expectNamed(response, `query.${key}`, label);
            }
          }
          for (const rawKey of ['%00', '%zz', '%ED%A0%80', 'a%1Fb']) {
            const { response, label } = await call(route, method, { query: `${rawKey}=1` });
            await expectNamed(response, `query.${rawKey}`, label);
          }
        }
      });

      it('answers overlong values, repeated keys and wrong types without a 500', async () => {
        for (const [method, handler] of await handlersOf(route)) {
          for (const key of declaredKeys(handler.spec?.query)) {
            const name = encodeURIComponent(key);
            const overlong = await call(route, method, { query: `${name}=${OVERLONG}` });
            await expectNamed(overlong.response, `query.${key}`, overlong.label);
            const queries = [
              ...MAYBE_BAD_VALUES.map((value) => `${name}=${value}`),
              `${name}=a&${name}=b`,
              Array.from({ length: 300 }, (_, i) => `${name}=v${i}`).join('&'),
              name,
            ];
            for (const query of queries) {
              const { response, label } = await call(route, method, { query });
              await expectNoServerError(response, 'query', label);
            }
          }
        }
      });

      it('refuses bad path parameters, naming the parameter', async () => {
        for (const method of (await handlersOf(route)).keys()) {
          for (const name of route.params) {
            for (const value of [
              '\u0000',
              'a\u0000b',
              'a\u0007b',
              '\u001b[31m',
              '\ud800',
              'a\udfffb',
              OVERLONG,
            ]) {
              const { response, label } = await call(route, method, { params: { [name]: value } });
              await expectNamed(
                response,
                `params.${name}`,
                `${label} params.${name}=${JSON.stringify(value.slice(0, 20))}`,
              );
            }
          }
        }
      });

      it('refuses bad JSON bodies where the route reads one, naming the body', async () => {
        for (const [method, handler] of await handlersOf(route)) {
          if (!handler.spec?.body) continue;
          const bodies: [BodyInit, number][] = [
            ['not json', 400],
            ['{"a":', 400],
            ['{"a":"\\u0000"}', 400],
            ['{"a":"\\ud800"}', 400],
            [new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400],
            [`${'['.repeat(1_000)}${']'.repeat(1_000)}`, 400],
            [JSON.stringify({ a: 'x'.repeat(2 * 1024 * 1024) }), 413],
          ];
          for (const [body, status] of bodies) {
            const { response, label } = await call(route, method, { body });
            await expectNamed(response, 'body', label, status);
          }
        }
      });
    });
  }
});

/** A value the route accepts for a path parameter: an enum's first option (`{action}`), else an id. */
function validParam(schema: z.ZodType | undefined, name: string): string {
  const field = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>)[name] : undefined;
  return field instanceof z.ZodEnum ? String(field.options[0]) : 'some-id';
}

/** A path value as a client would send it: percent-encoded, with a lone surrogate as its UTF-8 bytes would be. */
function encodePathValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}
