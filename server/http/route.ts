import { z } from 'zod';
import { appContext, type AppContext } from './context';
import { badRequest, errorToResponse } from './errors';

type Shape = z.ZodType<unknown, Record<string, unknown>>;

interface RouteSpec<Q extends Shape, P extends Shape, B extends Shape> {
  query?: Q;
  params?: P;
  body?: B;
}

interface RouteInput<Q extends Shape, P extends Shape, B extends Shape> {
  query: z.output<Q>;
  params: z.output<P>;
  body: z.output<B>;
  ctx: AppContext;
  request: Request;
}

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

const empty = z.object({});

/**
 * Builds a route handler: parses query, params and body with zod (400 naming the field on failure),
 * runs the handler with the app context, and maps thrown errors to a status exactly once.
 * A handler returns a Response, or a value that becomes a 200 JSON body.
 */
export function route<
  Q extends Shape = typeof empty,
  P extends Shape = typeof empty,
  B extends Shape = typeof empty,
>(spec: RouteSpec<Q, P, B>, handler: (input: RouteInput<Q, P, B>) => Promise<unknown>) {
  return async (request: Request, next?: NextRouteContext): Promise<Response> => {
    const query = (spec.query ?? empty).safeParse(searchParamsToObject(new URL(request.url).searchParams));
    if (!query.success) return badRequest(query.error, 'query');
    const params = (spec.params ?? empty).safeParse((await next?.params) ?? {});
    if (!params.success) return badRequest(params.error, 'params');
    let rawBody: unknown = {};
    if (spec.body) {
      try {
        rawBody = await request.json();
      } catch {
        return badRequest(
          new z.ZodError([{ code: 'custom', path: [], message: 'expected a JSON body', input: null }]),
          'body',
        );
      }
    }
    const body = (spec.body ?? empty).safeParse(rawBody);
    if (!body.success) return badRequest(body.error, 'body');
    try {
      const ctx = appContext();
      const result = await handler({
        query: query.data as z.output<Q>,
        params: params.data as z.output<P>,
        body: body.data as z.output<B>,
        ctx,
        request,
      });
      return result instanceof Response
        ? result
        : Response.json(result, { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      const { response, unexpected } = errorToResponse(error);
      if (unexpected) reportUnexpected(error, request);
      return response;
    }
  };
}

/** Repeated keys become arrays; single keys stay strings. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

function reportUnexpected(error: unknown, request: Request): void {
  try {
    appContext().log.error({ err: error, url: request.url }, 'route handler failed');
  } catch {
    // without a context there is no logger; the 500 body already tells the caller
  }
}
