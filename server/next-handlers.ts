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
