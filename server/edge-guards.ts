import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import type { Authenticate } from './auth/authenticate';
import type { Env } from './env';
import { clientAddress, trustedProxies } from './http/client-address';
import { hostAllowlist } from './http/host-allowlist';
import { createRateLimits, DEFAULT_RATE_LIMITS, type RateLimits } from './http/rate-limits';
import { isSameOrigin } from './http/same-origin';
import { DEFAULT_RECHECK_MS, type SocketGuard } from './live/socket-guard';

export interface EdgeGuards {
  /** Null when the server answers to this Host; else a one-line reason (DNS rebinding). */
  allowHost(host: string | undefined): string | null;
  /** The client's address: the peer, or X-Forwarded-For's hop when the peer is a trusted proxy. */
  clientAddress(req: IncomingMessage): string;
  /** Who may hold a live socket, and how many. */
  sockets: SocketGuard;
  /** Sign-in and change limits, kept in Redis so that every instance shares them. */
  limits: RateLimits;
}

/** The checks every request and socket meets before a handler: Host, origin, client address, caps. */
export function createEdgeGuards(
  env: Env,
  clients: { redis: Redis; authenticate: Authenticate },
): EdgeGuards {
  const allowHost = hostAllowlist({
    host: env.HOST,
    publicUrl: env.EVENTLENS_PUBLIC_URL,
    allowed: env.EVENTLENS_ALLOWED_HOSTS,
  });
  const trusted = trustedProxies(env.EVENTLENS_TRUSTED_PROXIES);
  const addressOf = (req: IncomingMessage): string => clientAddress(req, trusted);
  return {
    allowHost,
    clientAddress: addressOf,
    sockets: {
      refuseRequest: (req) => {
        const origin = req.headers.origin;
        // browsers always send Origin with a WebSocket or a cross-site XHR; scripts need not
        if (
          origin !== undefined &&
          !isSameOrigin(origin, req.headers.host ?? null, env.EVENTLENS_PUBLIC_URL)
        ) {
          return 'cross-origin socket refused';
        }
        return allowHost(req.headers.host);
      },
      clientAddress: addressOf,
      authenticate: clients.authenticate,
      maxPerIp: env.EVENTLENS_SOCKETS_PER_IP,
      maxPerUser: env.EVENTLENS_SOCKETS_PER_USER,
      recheckMs: DEFAULT_RECHECK_MS,
    },
    limits: createRateLimits(clients.redis, env.EVENTLENS_PREFIX, {
      ...DEFAULT_RATE_LIMITS,
      signInPerIp: env.EVENTLENS_SIGNIN_LIMIT_PER_IP,
      signInPerAccount: env.EVENTLENS_SIGNIN_LIMIT_PER_ACCOUNT,
      mutationsPerUser: env.EVENTLENS_CHANGES_LIMIT_PER_USER,
    }),
  };
}
