import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import next from 'next';
import type { WebHandlers } from './app';
import type { Env } from './env';

/**
 * What a newcomer's browser asks for first (the Overview and its data, then the other live views): in
 * dev mode each compiles on its first request, so they are compiled once the server is up, in order.
 */
const FIRST_REQUESTS = [
  '/',
  '/api/overview',
  '/api/metrics?range=1h',
  '/flows',
  '/api/topology',
  '/events',
  '/streams',
];

/** Next.js in-process: dev mode with hot reload under `npm run dev`, the production build under `npm start`. */
export async function nextHandlers(env: Env): Promise<WebHandlers> {
  // Next answers upgrades (HMR in dev, its own checks first) only through the 'upgrade' listener it adds
  // to `httpServer` on its first request; `getUpgradeHandler()` reaches the render server, which ignores
  // them, and a dev page then never hydrates (its debug channel arrives over HMR). A private emitter
  // stands in for the server, so Next never sees socket.io's upgrades and server/app.ts's dispatcher
  // stays the only one; it passes Next the rest through that listener.
  const upgrades = new EventEmitter();
  const dev = env.NODE_ENV === 'development';
  const app = next({
    dev,
    hostname: env.HOST,
    port: env.PORT,
    dir: process.cwd(),
    httpServer: upgrades as Server,
  });
  await app.prepare();
  const request = app.getRequestHandler();
  const warming = new AbortController();
  return {
    request: (req, res) => request(req, res),
    upgrade: (req, socket, head) => {
      // before the first page request Next has no listener yet: a hung socket would stall the HMR
      // client, a closed one makes it retry
      if (!upgrades.emit('upgrade', req, socket, head)) socket.destroy();
    },
    warmUp: (url) => {
      if (dev) void compileFirstPages(url, warming.signal);
    },
    close: () => {
      warming.abort();
      return app.close();
    },
  };
}

async function compileFirstPages(url: string, signal: AbortSignal): Promise<void> {
  for (const path of FIRST_REQUESTS) {
    if (signal.aborted) return;
    try {
      await (await fetch(new URL(path, url), { signal })).arrayBuffer();
    } catch {
      // a page that fails to compile shows its error to the browser that asks for it
    }
  }
}
