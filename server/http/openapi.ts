import { z } from 'zod';
import { PERMISSIONS } from '@/server/access/roles';
import { ApiError } from '@/server/contracts/errors';
import type {
  OpenApiDocument,
  OpenApiOperation,
  OpenApiParameter,
  JsonSchema,
} from '@/server/contracts/openapi';
import type { RouteAuth } from './route';

/** One operation of the API: a method and path (`/api/events/{id}`) with the declaration route() carries. */
export interface RegisteredRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  spec: {
    auth: RouteAuth;
    summary?: string;
    /** Longer text for the reference (delegated routes explain who serves them). */
    description?: string;
    query?: z.ZodType;
    params?: z.ZodType;
    body?: z.ZodType;
    response?: z.ZodType;
    responseType?: string;
  };
}

/** The API's version, not the package's: it moves when a route changes incompatibly. */
export const API_VERSION = '1.0.0';

export const SESSION_COOKIE = 'eventlens.session_token';

/**
 * The OpenAPI 3.1 document of the given routes, built from their declarations only (zod 4's
 * `z.toJSONSchema`, draft 2020-12 as OpenAPI 3.1 expects): inputs as the client sends them
 * (`io: 'input'`, before transforms and defaults), responses as the server returns them.
 */
export function buildOpenApi(routes: readonly RegisteredRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const entry of sorted) {
    const item = (paths[entry.path] ??= {});
    item[entry.method.toLowerCase() as Lowercase<RegisteredRoute['method']>] = operation(entry);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'EventLens API',
      version: API_VERSION,
      description:
        'The JSON API the EventLens console is built on. Every route declares the permission it needs ' +
        '(`x-permission`; `x-least-role` is the lowest role holding it). Send an API token as ' +
        '`Authorization: Bearer elt_…`, or the console session cookie.',
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (`elt_…`), created in the console.',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: "The console's sign-in session.",
        },
      },
      schemas: { ApiError: schemaOf(ApiError, 'output') },
    },
    paths,
  };
}

function operation(entry: RegisteredRoute): OpenApiOperation {
  const { spec } = entry;
  const errorRef = { $ref: '#/components/schemas/ApiError' };
  const errors: OpenApiOperation['responses'] = {
    '400': {
      description: 'Invalid input; `issues` name the fields',
      content: { 'application/json': { schema: errorRef } },
    },
  };
  if (spec.auth !== 'public') {
    errors['401'] = {
      description: 'No valid credentials',
      content: { 'application/json': { schema: errorRef } },
    };
    errors['403'] = {
      description: `The caller's role lacks ${spec.auth} (the refusal is audited)`,
      content: { 'application/json': { schema: errorRef } },
    };
  }
  const ok = spec.response
    ? { description: 'OK', content: { 'application/json': { schema: schemaOf(spec.response, 'output') } } }
    : spec.responseType
      ? { description: `OK: ${spec.responseType}` }
      : { description: 'OK' };
  const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')];
  return {
    operationId: operationId(entry),
    tags: [tagOf(entry.path)],
    ...(spec.summary ? { summary: spec.summary } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    'x-permission': spec.auth,
    'x-least-role': leastRole(spec.auth),
    security: spec.auth === 'public' ? [] : [{ bearer: [] }, { session: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(spec.body, 'input') } },
          },
        }
      : {}),
    responses: { '200': ok, ...errors },
  };
}

export function leastRole(auth: RouteAuth): string {
  return auth === 'public' ? 'anyone' : PERMISSIONS[auth];
}

/** `/api/events/{id}/payload` → `events`: routes group by their first segment after /api. */
export function tagOf(path: string): string {
  return path.split('/')[2] ?? 'api';
}

function operationId({ method, path }: RegisteredRoute): string {
  const words = path
    .replace(/^\/api\//, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((word) => (word.startsWith('{') ? `by-${word.slice(1, -1)}` : word));
  return [method.toLowerCase(), ...words]
    .map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('')
    .replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // transforms (instants, cursors) have no JSON Schema: they become `{}` with the input side kept
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** An object schema's properties as OpenAPI parameters (query values arrive as text, or lists when repeated). */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): OpenApiParameter[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}
