import { z } from 'zod';
import type { Principal } from '@/server/access/principal';
import { can, type Permission } from '@/server/access/roles';
import { recordAudit } from '@/server/services/audit';
import { clientIp } from './client-ip';
import { appContext, type AppContext } from './context';
import { badRequest, errorResponse, errorToResponse, invalidInput } from './errors';
import { checkParams, parseQuery, readJsonBody } from './input';
import { crossSiteProblem } from './same-origin';

type Shape = z.ZodType<unknown, Record<string, unknown>>;

/** What a route requires of its caller: a permission, or nothing (`public`: health and sign-in only). */
export type RouteAuth = Permission | 'public';

export interface RouteSpec<Q extends Shape, P extends Shape, B extends Shape> {
  auth: RouteAuth;
  /** One line for the API reference. */
  summary?: string;
  query?: Q;
  params?: P;
  body?: B;
  /**
   * The 200 body's schema, for the OpenAPI document only (not checked at run time: the contract's
   * tests and the UI's parsing check it). Omitted for non-JSON answers (file downloads).
   */
  response?: z.ZodType;
  /** What a 200 carries when it is not JSON (a download), for the reference. */
  responseType?: string;
}

interface RouteInput<Q extends Shape, P extends Shape, B extends Shape> {
  query: z.output<Q>;
  params: z.output<P>;
  body: z.output<B>;
  ctx: AppContext;
  /** Who is asking; null only on public routes. */
  caller: Principal | null;
  request: Request;
}

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

const empty = z.object({});

/** Methods that change nothing: never forged, never counted against a user's changes. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
    // who is asking comes first: an unauthenticated request learns nothing of the route's shape
    let ctx: AppContext;
    let caller: Principal | null;
    try {
      ctx = appContext();
    } catch (error) {
      return errorToResponse(error).response;
    }
    try {
      caller = await ctx.authenticate(request.headers);
    } catch (error) {
      // credentials live in the store: while it is down a public route (health) answers as to anyone,
      // and every other route says why it cannot check who is asking, never a bare 500
      if (spec.auth !== 'public') {
        ctx.log.error({ err: error, url: request.url }, 'could not check credentials');
        return errorResponse(503, 'UNAVAILABLE', 'cannot check credentials: the store is not answering');
      }
      caller = null;
    }
    if (spec.auth !== 'public') {
      if (!caller)
        return errorResponse(
          401,
          'UNAUTHENTICATED',
          'sign in, or send an API token as Authorization: Bearer',
        );
    }
    // a cookie rides along on a forged cross-site form: a state-changing request must come from here
    const forged = crossSiteProblem(request, ctx.publicOrigin);
    if (forged) return errorResponse(403, 'CROSS_SITE', forged);
    if (caller && spec.auth !== 'public' && !can(caller.role, spec.auth))
      return deny(ctx, caller, spec.auth, request);
    if (caller && !SAFE_METHODS.has(request.method)) {
      let waitS: number | null;
      try {
        waitS = await ctx.limits.mutation(caller.userId);
      } catch (error) {
        const { response, unexpected } = errorToResponse(error);
        if (unexpected) reportUnexpected(error, request);
        return response;
      }
      if (waitS !== null) {
        const response = errorResponse(429, 'TOO_MANY_REQUESTS', `too many changes; retry in ${waitS} s`);
        response.headers.set('retry-after', String(waitS));
        return response;
      }
    }
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
      const result = await handler({
        query: query.data as z.output<Q>,
        params: params.data as z.output<P>,
        body: body.data as z.output<B>,
        ctx,
        caller,
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

/** 403, and an audit row saying who tried what. */
async function deny(
  ctx: AppContext,
  caller: Principal,
  permission: Permission,
  request: Request,
): Promise<Response> {
  const url = new URL(request.url);
  try {
    await recordAudit(ctx.db, {
      actor: caller,
      action: 'route.denied',
      targets: [`${request.method} ${url.pathname}`],
      parameters: { permission },
      result: 'denied',
      ip: clientIp(request.headers),
    });
  } catch (error) {
    reportUnexpected(error, request);
  }
  return errorResponse(403, 'FORBIDDEN', `your role (${caller.role}) lacks ${permission}`);
}

function reportUnexpected(error: unknown, request: Request): void {
  try {
    appContext().log.error({ err: error, url: request.url }, 'route handler failed');
  } catch {
    // without a context there is no logger; the 500 body already tells the caller
  }
}
