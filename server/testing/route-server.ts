/**
 * A real HTTP server over the app's route handlers (app/api/**\/route.ts), without Next: for tests of
 * clients that speak HTTP (the CLI) where a Next build would cost minutes. Paths match the way Next's
 * app router matches them: `[name]` is one segment, percent-decoded; `[...name]` the rest.
 */
import { readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { CLIENT_IP_HEADER } from '@/server/http/client-ip';

type Handler = (
  request: Request,
  next?: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

interface Mounted {
  pattern: RegExp;
  names: { name: string; rest: boolean }[];
  module: Record<string, unknown>;
  /** Static segments first, as Next prefers them. */
  specificity: number;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

async function mount(apiDir: string): Promise<Mounted[]> {
  const mounted: Mounted[] = [];
  for (const file of routeFiles(apiDir)) {
    const segments = relative(apiDir, file).split(sep).slice(0, -1);
    const names: Mounted['names'] = [];
    const source = segments
      .map((segment) => {
        const rest = /^\[\.\.\.(\w+)\]$/.exec(segment);
        if (rest) {
          names.push({ name: rest[1]!, rest: true });
          return '/(.+)';
        }
        const one = /^\[(\w+)\]$/.exec(segment);
        if (one) {
          names.push({ name: one[1]!, rest: false });
          return '/([^/]+)';
        }
        return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      })
      .join('');
    mounted.push({
      pattern: new RegExp(`^/api${source}/?$`),
      names,
      module: (await import(file)) as Record<string, unknown>,
      specificity: segments.filter((s) => !s.startsWith('[')).length * 100 - names.length,
    });
  }
  return mounted.sort((a, b) => b.specificity - a.specificity);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface RouteServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** A request listener serving every route handler under `apiDir` (server/app.ts's `web` in tests). */
export async function routeListener(
  apiDir = join(process.cwd(), 'app', 'api'),
): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
  const routes = await mount(apiDir);
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let matched: { route: Mounted; params: Record<string, string | string[]> } | null = null;
      for (const route of routes) {
        const m = route.pattern.exec(url.pathname);
        if (!m) continue;
        try {
          const params = Object.fromEntries(
            route.names.map(({ name, rest }, i) => {
              const raw = m[i + 1]!;
              return [name, rest ? raw.split('/').map(decodeURIComponent) : decodeURIComponent(raw)];
            }),
          );
          matched = { route, params };
        } catch {
          res.writeHead(400).end('bad percent-encoding');
          return;
        }
        break;
      }
      const handler = matched?.route.module[req.method ?? 'GET'] as Handler | undefined;
      if (!matched || !handler) {
        res.writeHead(matched ? 405 : 404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      // as server/app.ts does: the peer address in a header no client can set
      headers.set(CLIENT_IP_HEADER, req.socket.remoteAddress ?? '');
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
      const started = performance.now();
      const response = await handler(
        new Request(url, {
          method: req.method,
          headers,
          ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
        }),
        { params: Promise.resolve(matched.params) },
      );
      const payload = Buffer.from(await response.arrayBuffer());
      // the handler's own time, body included, for clients that measure it apart from the network
      const timing = `handler;dur=${(performance.now() - started).toFixed(3)}`;
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'server-timing': timing });
      res.end(payload);
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  };
}

/** Listens on 127.0.0.1 (port 0: any free one) and serves every route handler under `apiDir`. */
export async function startRouteServer(
  apiDir = join(process.cwd(), 'app', 'api'),
  port = 0,
): Promise<RouteServer> {
  const server = createServer(await routeListener(apiDir));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://127.0.0.1:${actualPort}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
