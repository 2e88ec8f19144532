import type { WebHandlers } from '@/server/app';

/** The server's web handlers without Next: every page is a 404 and upgrades are refused. */
export const noPages = async (): Promise<WebHandlers> => ({
  request: (_req, res) => {
    res.statusCode = 404;
    res.end();
  },
  upgrade: (_req, socket) => {
    socket.destroy();
  },
  close: async () => {},
});
