import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import next from 'next';
import type { WebHandlers } from './app';
import type { Env } from './env';

/** Next.js in-process: dev mode with hot reload under `npm run dev`, the production build under `npm start`. */
export async function nextHandlers(env: Env): Promise<WebHandlers> {
  const app = next({
    dev: env.NODE_ENV === 'development',
    hostname: env.HOST,
    port: env.PORT,
    dir: process.cwd(),
    // On its first request Next attaches its own 'upgrade' listener to `httpServer`, or else to the
    // request's server, and would then also answer (and end) socket.io's upgrades. A decoy keeps
    // server/app.ts's dispatcher the only one; it hands Next the upgrades that are Next's (HMR).
    httpServer: new EventEmitter() as Server,
  });
  await app.prepare();
  const request = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    request: (req, res) => request(req, res),
    upgrade: (req, socket, head) => upgrade(req, socket, head),
    close: () => app.close(),
  };
}
