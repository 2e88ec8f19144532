import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import next from 'next';
import type { WebHandlers } from './app';
import type { Env } from './env';

/** Next.js in-process: dev mode with hot reload under `npm run dev`, the production build under `npm start`. */
export async function nextHandlers(env: Env): Promise<WebHandlers> {
  // Next answers upgrades (HMR in dev, its own checks first) only through the 'upgrade' listener it adds
  // to `httpServer` on its first request; `getUpgradeHandler()` reaches the render server, which ignores
  // them, and a dev page then never hydrates (its debug channel arrives over HMR). A private emitter
  // stands in for the server, so Next never sees socket.io's upgrades and server/app.ts's dispatcher
  // stays the only one; it passes Next the rest through that listener.
  const upgrades = new EventEmitter();
  const app = next({
    dev: env.NODE_ENV === 'development',
    hostname: env.HOST,
    port: env.PORT,
    dir: process.cwd(),
    httpServer: upgrades as Server,
  });
  await app.prepare();
  const request = app.getRequestHandler();
  return {
    request: (req, res) => request(req, res),
    upgrade: (req, socket, head) => {
      // before the first page request Next has no listener yet: a hung socket would stall the HMR
      // client, a closed one makes it retry
      if (!upgrades.emit('upgrade', req, socket, head)) socket.destroy();
    },
    close: () => app.close(),
  };
}
