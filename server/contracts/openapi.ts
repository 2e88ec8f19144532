/**
 * The shape of the OpenAPI 3.1 document `GET /api/openapi.json` serves, as far as the API reference
 * page and docs/api.md read it. Schemas inside are JSON Schema 2020-12, left open.
 */
export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  content?: { 'application/json': { schema: JsonSchema } };
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary?: string;
  description?: string;
  /** The permission the route requires, or `public`. */
  'x-permission': string;
  /** The lowest role that holds it (`anyone` for public routes). */
  'x-least-role': string;
  security: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, OpenApiResponse>;
}

export type OpenApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
  };
  paths: Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>>;
}

export interface ListedOperation {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

/** The document's operations grouped by tag (the first path segment), in path order. */
export function operationsByTag(doc: OpenApiDocument): Map<string, ListedOperation[]> {
  const groups = new Map<string, ListedOperation[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item) as [OpenApiMethod, OpenApiOperation][]) {
      const tag = operation.tags[0] ?? 'api';
      const list = groups.get(tag) ?? [];
      list.push({ method: method.toUpperCase(), path, operation });
      groups.set(tag, list);
    }
  }
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
