/**
 * Every API operation, once: `METHOD path` to the handler route() built, whose `.spec` carries the
 * permission and schemas. The OpenAPI document, the API reference page and docs/api.md come from
 * here; registry.test.ts fails when a route file under app/api is missing.
 */
import { z } from 'zod';
import { buildOpenApi, type RegisteredRoute } from '@/server/http/openapi';
import { route, type RouteHandler } from '@/server/http/route';
import { GET as getAggregate } from './aggregates/[type]/[id]/route';
import { GET as getAggregates } from './aggregates/route';
import { GET as getAudit } from './audit/route';
import { GET as getAuthProviders } from './auth-providers/route';
import { POST as discardDeadLetter } from './dead-letters/[id]/discard/route';
import { GET as getDeadLetter } from './dead-letters/[id]/route';
import { POST as discardDeadLetters } from './dead-letters/discard/route';
import { GET as getDeadLetterGroups } from './dead-letters/groups/route';
import { GET as getDeadLetters } from './dead-letters/route';
import { GET as getDeliveryFailures } from './deliveries/failures/route';
import { GET as getEventPayload } from './events/[id]/payload/route';
import { GET as getEvent } from './events/[id]/route';
import { GET as getEvents } from './events/route';
import { GET as getGroups } from './groups/route';
import { GET as getHealth } from './health/route';
import { DELETE as deleteMaskingRule } from './masking-rules/[id]/route';
import { GET as getMaskingRules, POST as postMaskingRule } from './masking-rules/route';
import { GET as getMe } from './me/route';
import { GET as getMetricsBreakdown } from './metrics/breakdown/route';
import { GET as getMetrics } from './metrics/route';
import { GET as getOverview } from './overview/route';
import { GET as getProcessors } from './processors/route';
import { GET as getRule } from './rules/[name]/route';
import { GET as getRules } from './rules/route';
import { POST as actOnProjection } from './projections/[name]/[action]/route';
import { GET as getProjection } from './projections/[name]/route';
import { GET as getProjections } from './projections/route';
import { GET as getSagaDefinitions } from './saga-definitions/route';
import { POST as actOnSaga } from './sagas/[id]/[action]/route';
import { GET as getSaga } from './sagas/[id]/route';
import { GET as getSagas } from './sagas/route';
import { DELETE as revokeSession } from './sessions/[id]/route';
import { POST as approveReplay } from './replays/[id]/approve/route';
import { POST as cancelReplay } from './replays/[id]/cancel/route';
import { GET as getReplayLetters } from './replays/[id]/letters/route';
import { POST as pauseReplay } from './replays/[id]/pause/route';
import { POST as resumeReplay } from './replays/[id]/resume/route';
import { GET as getReplay } from './replays/[id]/route';
import { GET as getReplays, POST as postReplay } from './replays/route';
import { DELETE as revokeOtherSessions, GET as getSessions } from './sessions/route';
import { GET as getSettings } from './settings/route';
import { POST as postSetup } from './setup/route';
import { GET as getStreams } from './streams/route';
import { DELETE as revokeToken } from './tokens/[id]/route';
import { GET as getTokens, POST as postToken } from './tokens/route';
import { GET as getTopology } from './topology/route';
import { GET as exportTrace } from './traces/[correlationId]/export/route';
import { GET as getTrace } from './traces/[correlationId]/route';
import { GET as getTraces } from './traces/route';
import { GET as compareTraces } from './traces/compare/route';
import { DELETE as deleteUser, PATCH as patchUser } from './users/[id]/route';
import { GET as getUsers, POST as postUser } from './users/route';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers differ in their schema types; only .spec is read
type AnyRouteHandler = RouteHandler<any, any, any>;

/**
 * The document itself: it names routes, parameters and permissions, nothing secret, but like every
 * route but health it answers only a signed-in caller (an anonymous one learns no route's shape).
 */
export const getOpenApi: AnyRouteHandler = route(
  {
    auth: 'metadata:read',
    summary: 'This API as an OpenAPI 3.1 document',
    responseType: 'application/json (OpenAPI 3.1 document)',
  },
  async () => openApiDocument(),
);

export const API_ROUTES: Readonly<Record<string, AnyRouteHandler>> = {
  'GET /api/aggregates': getAggregates,
  'GET /api/aggregates/{type}/{id}': getAggregate,
  'GET /api/audit': getAudit,
  'GET /api/auth-providers': getAuthProviders,
  'GET /api/dead-letters': getDeadLetters,
  'GET /api/dead-letters/groups': getDeadLetterGroups,
  'POST /api/dead-letters/discard': discardDeadLetters,
  'GET /api/dead-letters/{id}': getDeadLetter,
  'POST /api/dead-letters/{id}/discard': discardDeadLetter,
  'GET /api/deliveries/failures': getDeliveryFailures,
  'GET /api/events': getEvents,
  'GET /api/events/{id}': getEvent,
  'GET /api/events/{id}/payload': getEventPayload,
  'GET /api/groups': getGroups,
  'GET /api/health': getHealth,
  'GET /api/masking-rules': getMaskingRules,
  'POST /api/masking-rules': postMaskingRule,
  'DELETE /api/masking-rules/{id}': deleteMaskingRule,
  'GET /api/me': getMe,
  'GET /api/metrics': getMetrics,
  'GET /api/metrics/breakdown': getMetricsBreakdown,
  'GET /api/openapi.json': getOpenApi,
  'GET /api/overview': getOverview,
  'GET /api/replays': getReplays,
  'POST /api/replays': postReplay,
  'GET /api/replays/{id}': getReplay,
  'GET /api/replays/{id}/letters': getReplayLetters,
  'POST /api/replays/{id}/pause': pauseReplay,
  'POST /api/replays/{id}/resume': resumeReplay,
  'POST /api/replays/{id}/cancel': cancelReplay,
  'POST /api/replays/{id}/approve': approveReplay,
  'GET /api/processors': getProcessors,
  'GET /api/rules': getRules,
  'GET /api/rules/{name}': getRule,
  'GET /api/projections': getProjections,
  'GET /api/projections/{name}': getProjection,
  'POST /api/projections/{name}/{action}': actOnProjection,
  'GET /api/saga-definitions': getSagaDefinitions,
  'GET /api/sagas': getSagas,
  'GET /api/sagas/{id}': getSaga,
  'POST /api/sagas/{id}/{action}': actOnSaga,
  'GET /api/sessions': getSessions,
  'DELETE /api/sessions': revokeOtherSessions,
  'DELETE /api/sessions/{id}': revokeSession,
  'GET /api/settings': getSettings,
  'POST /api/setup': postSetup,
  'GET /api/streams': getStreams,
  'GET /api/tokens': getTokens,
  'POST /api/tokens': postToken,
  'DELETE /api/tokens/{id}': revokeToken,
  'GET /api/topology': getTopology,
  'GET /api/traces': getTraces,
  'GET /api/traces/compare': compareTraces,
  'GET /api/traces/{correlationId}': getTrace,
  'GET /api/traces/{correlationId}/export': exportTrace,
  'GET /api/users': getUsers,
  'POST /api/users': postUser,
  'PATCH /api/users/{id}': patchUser,
  'DELETE /api/users/{id}': deleteUser,
};

const SignIn = z.object({
  email: z.email(),
  password: z.string().min(1),
  rememberMe: z.boolean().optional(),
});

/**
 * Route files served by a library's own handler instead of route(): better-auth's endpoints under
 * /api/auth. Only the operations the console and scripts use are documented.
 */
export const DELEGATED: Readonly<Record<string, readonly RegisteredRoute[]>> = {
  '/api/auth/[...all]': [
    {
      method: 'POST',
      path: '/api/auth/sign-in/email',
      spec: {
        auth: 'public',
        summary: 'Sign in with email and password',
        description:
          'Served by better-auth. Sets the http-only session cookie; answers 401 on a wrong email or password. Audited (`auth.sign-in`).',
        body: SignIn,
        responseType: 'application/json (the user and session)',
      },
    },
    {
      method: 'POST',
      path: '/api/auth/sign-out',
      spec: {
        auth: 'public',
        summary: 'Sign out: ends the session and clears its cookie',
        description: 'Served by better-auth. Audited (`auth.sign-out`).',
        responseType: 'application/json ({success})',
      },
    },
    {
      method: 'GET',
      path: '/api/auth/get-session',
      spec: {
        auth: 'public',
        summary: "The session cookie's session and user, or null",
        description: 'Served by better-auth.',
        responseType: 'application/json',
      },
    },
  ],
};

/** Every documented operation, route() ones and delegated ones. */
export function registeredRoutes(): RegisteredRoute[] {
  const own = Object.entries(API_ROUTES).map(([key, handler]): RegisteredRoute => {
    const [method, path] = key.split(' ') as [RegisteredRoute['method'], string];
    return { method, path, spec: handler.spec };
  });
  return [...own, ...Object.values(DELEGATED).flat()];
}

let built: ReturnType<typeof buildOpenApi> | null = null;

/** Built once per process: the declarations do not change while it runs. */
export function openApiDocument(): ReturnType<typeof buildOpenApi> {
  built ??= buildOpenApi(registeredRoutes());
  return built;
}
