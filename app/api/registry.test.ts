/**
 * The registry is the API's single source: every route file under app/api is in it (or delegated to a
 * library's handler), every route declares who may call it, the OpenAPI document covers them all, and
 * docs/api.md is the document as it stands now.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@/server/access/roles';
import { renderApiMarkdown } from '@/server/http/openapi-markdown';
import { API_ROUTES, DELEGATED, openApiDocument, registeredRoutes } from './registry';

const API_DIR = join(process.cwd(), 'app', 'api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** `app/api/events/[id]/route.ts` → `/api/events/{id}`; catch-alls keep their folder name. */
const pathOf = (file: string): string =>
  `/api/${relative(API_DIR, file).split(sep).slice(0, -1).join('/')}`.replace(/\[(\w+)\]/g, '{$1}');

describe('route registry', () => {
  it('holds every exported handler of every route file under app/api, and nothing else', async () => {
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const file of routeFiles(API_DIR)) {
      const path = pathOf(file);
      if (path in DELEGATED) continue;
      const exported = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) {
        if (!exported[method]) continue;
        const key = `${method} ${path}`;
        seen.add(key);
        if (API_ROUTES[key] !== exported[method]) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(API_ROUTES).filter((key) => !seen.has(key))).toEqual([]);
  });

  it('finds a delegated folder on disk for every delegated entry', () => {
    const paths = new Set(routeFiles(API_DIR).map(pathOf));
    expect(Object.keys(DELEGATED).filter((path) => !paths.has(path))).toEqual([]);
  });

  it('has a declared auth on every route, a permission or public (TypeScript requires it; this checks at run time)', () => {
    const known = new Set<string>([...Object.keys(PERMISSIONS), 'public']);
    const bad = registeredRoutes()
      .filter((entry) => !known.has(String((entry.spec as { auth?: unknown }).auth)))
      .map((entry) => `${entry.method} ${entry.path}`);
    expect(bad).toEqual([]);
    // only health, sign-in, the list of sign-in providers and setup (its one-time link is its credential)
    const open = registeredRoutes()
      .filter((entry) => entry.spec.auth === 'public')
      .map((entry) => entry.path);
    expect(
      open.filter(
        (path) =>
          !['/api/health', '/api/auth-providers', '/api/setup'].includes(path) &&
          !path.startsWith('/api/auth/'),
      ),
    ).toEqual([]);
  });

  it('builds an OpenAPI 3.1 document with every operation, its permission and security', () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    for (const entry of registeredRoutes()) {
      const operation = doc.paths[entry.path]?.[entry.method.toLowerCase() as 'get'];
      expect(operation, `${entry.method} ${entry.path}`).toBeDefined();
      expect(operation!['x-permission']).toBe(entry.spec.auth);
      expect(operation!.security).toEqual(
        entry.spec.auth === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      );
    }
    const audit = doc.paths['/api/audit']?.get;
    expect(audit?.['x-least-role']).toBe('admin');
    expect(audit?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['actor', 'action', 'result', 'from', 'to', 'text', 'cursor', 'limit']),
    );
    expect(audit?.responses['200']?.content?.['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { items: { type: 'array' }, nextCursor: {} },
    });
    const event = doc.paths['/api/events/{id}']?.get;
    expect(event?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]),
    );
    // a JSON route without a response schema would be a hole in the reference
    const undocumented = registeredRoutes()
      .filter((entry) => !entry.spec.response && !entry.spec.responseType)
      .map((entry) => `${entry.method} ${entry.path}`);
    expect(undocumented).toEqual([]);
  });

  it('keeps docs/api.md generated from the current document (run `npm run docs:api`)', () => {
    const committed = readFileSync(join(process.cwd(), 'docs', 'api.md'), 'utf8');
    expect(
      committed === renderApiMarkdown(openApiDocument()),
      'docs/api.md is stale: run npm run docs:api',
    ).toBe(true);
  });
});
