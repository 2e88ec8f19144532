import { z } from 'zod';
import { appContext, type AppContext } from './context';
import { badRequest, errorToResponse, invalidInput } from './errors';
import { checkParams, parseQuery, readJsonBody } from './input';

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

/** A handler built by `route()`, carrying its declaration (for the input crawl test, and OpenAPI later). */
export type RouteHandler<Q extends Shape, P extends Shape, B extends Shape> = ((
  request: Request,
  next?: NextRouteContext,
) => Promise<Response>) & { spec: RouteSpec<Q, P, B> };

/**
 * Builds a route handler: reads query, params and body strictly (input.ts: broken percent-encoding,
 * control characters, lone surrogates, bodies that are not UTF-8 JSON), parses them with zod (400
 * naming the field on failure), runs the handler with the app context, and maps thrown errors to a
 * status exactly once. A handler returns a Response, or a value that becomes a 200 JSON body.
 */
export function route<
  Q extends Shape = typeof empty,
  P extends Shape = typeof empty,
  B extends Shape = typeof empty,
>(
  spec: RouteSpec<Q, P, B>,
  handler: (input: RouteInput<Q, P, B>) => Promise<unknown>,
): RouteHandler<Q, P, B> {
  const handle = async (request: Request, next?: NextRouteContext): Promise<Response> => {
    const rawQuery = parseQuery(new URL(request.url).search);
    if (!rawQuery.ok) return invalidInput(rawQuery.issues, 'query');
    const query = (spec.query ?? empty).safeParse(rawQuery.value);
    if (!query.success) return badRequest(query.error, 'query');
    const rawParams = checkParams((await next?.params) ?? {});
    if (!rawParams.ok) return invalidInput(rawParams.issues, 'params');
    const params = (spec.params ?? empty).safeParse(rawParams.value);
    if (!params.success) return badRequest(params.error, 'params');
    try {
      let rawBody: unknown = {};
      if (spec.body) {
        const read = await readJsonBody(request);
        if (!read.ok) return invalidInput(read.issues, 'body', read.tooLarge);
        rawBody = read.value;
      }
      const body = (spec.body ?? empty).safeParse(rawBody);
      if (!body.success) return badRequest(body.error, 'body');
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
  return Object.assign(handle, { spec });
}

function reportUnexpected(error: unknown, request: Request): void {
  try {
    appContext().log.error({ err: error, url: request.url }, 'route handler failed');
  } catch {
    // without a context there is no logger; the 500 body already tells the caller
  }
}
